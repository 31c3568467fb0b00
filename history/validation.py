"""Checking the import spreadsheet row by row, against the same rules the petitions app keeps.

Each row either becomes a `RowData` (ready to be a Petition) or a list of refusals (row number,
column, reason in the office's language; never the cell's value, which may be contact data).
Lookups (workstations, categories, departments) are loaded once per file (`Lookups`).

What a row may say, and why:
- status: 已答复, 已办结, 已撤回 or 无效信息. An open case (待分派, 办理中, …) would land in a live
  queue with a deadline and no member, and 已合并 needs the case it was merged into
  (petition_merged_has_target): those are refused.
- track: required for 已答复 / 已办结; the outcome must be one the track allows
  (petitions.services.handling.TRACK_OUTCOMES), and an outcome only with 已答复 / 已办结
  (petition_outcome_only_when_replied). 已办结 needs an outcome.
- households helped: only with the outcome 已解决 (what the solved figure sums).
- closed date: required for 已答复 / 已办结 (it becomes replied_at, and closed_at for 已办结),
  refused otherwise; not before the received date, neither in the future.
- department, proposal title, livelihood project: only on tracks 3 and 4 (the last two only on
  track 4); kept on the import event, see history.services for why no hand-off is made.
- contact: the phone normalised like intake's (common.phones); text by common.text's rule.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from common import phones
from common.text import MESSAGES as TEXT_MESSAGES
from common.text import text_refusal
from departments.models import Department
from history.spreadsheet import COLUMN_BY_KEY
from petitions.choices import Channel, Outcome, Status, Track
from petitions.models import Category
from petitions.services.handling import TRACK_OUTCOMES
from workstations.models import Workstation

IMPORTABLE_STATUSES = (Status.REPLIED, Status.CLOSED, Status.WITHDRAWN, Status.SPAM)
ANSWERED_STATUSES = (Status.REPLIED, Status.CLOSED)
CONTENT_MAX = 2000
YES = {"是", "y", "yes", "true", "1"}
NO = {"否", "n", "no", "false", "0"}


def choice_help() -> dict[str, list[str]]:
    """The allowed values of each choice column, for the template's second sheet."""
    return {
        "channel": [str(label) for label in Channel.labels],
        "track": [f"{value} {label}" for value, label in Track.choices],
        "status": [str(Status(s).label) for s in IMPORTABLE_STATUSES],
        "outcome": [str(label) for label in Outcome.labels],
    }


@dataclass
class Lookups:
    """The names a spreadsheet may use, loaded once per file."""

    workstations: dict = field(default_factory=dict)  # code or unique name -> (id, code)
    ambiguous_names: set = field(default_factory=set)
    categories: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    # Each choice column's accepted spellings (label, value, "1 解释说明" for tracks), lower-cased,
    # translated once per file rather than once per cell.
    choices: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Lookups":
        lookups = cls()
        names: dict = {}
        for pk, code, name in Workstation.objects.values_list("pk", "code", "name"):
            lookups.workstations[code.lower()] = (pk, code)
            names.setdefault(name, []).append((pk, code))
        for name, rows in names.items():
            if len(rows) == 1:
                lookups.workstations.setdefault(name.lower(), rows[0])
            else:
                lookups.ambiguous_names.add(name.lower())
        for pk, code, name in Category.objects.values_list("pk", "code", "name"):
            lookups.categories[code.lower()] = pk
            lookups.categories[name.lower()] = pk
        for pk, name, short in Department.objects.values_list("pk", "name", "short_name"):
            lookups.departments[name.lower()] = (pk, name)
            if short:
                lookups.departments.setdefault(short.lower(), (pk, name))
        for key, choice_class in (("channel", Channel), ("track", Track), ("status", Status), ("outcome", Outcome)):
            spellings = {}
            for value, label in choice_class.choices:
                spellings[str(label).lower()] = value
                spellings[str(value).lower()] = value
                if choice_class is Track:
                    spellings[f"{value} {label}".lower()] = value
                    spellings[f"{value}{label}".lower()] = value
            lookups.choices[key] = spellings
        return lookups


@dataclass
class RowData:
    """One valid row, ready to become a Petition."""

    row_number: int
    key: str
    original_number: str
    workstation_id: int
    category_id: int | None
    content: str
    channel: str
    track: int | None
    status: str
    outcome: str
    households_helped: int
    received: datetime.date
    closed: datetime.date | None
    department: str
    proposal_title: str
    livelihood_project: bool | None
    citizen_name: str = field(default="", repr=False)
    citizen_phone: str = field(default="", repr=False)
    citizen_address: str = field(default="", repr=False)


class RowRefused(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header(key: str) -> str:
    return str(COLUMN_BY_KEY[key].header)


# Every character common.text's rule can refuse (and the line characters, which single-line text
# may not hold): text without any of them passes without the rule's character-by-character walk.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffd]")


def _check_text(key: str, value: str, *, multiline: bool = False) -> None:
    if not value or not _SUSPECT.search(value):
        return
    refusal = text_refusal(value, multiline=multiline)
    if refusal:
        kind, code = refusal
        raise RowRefused(_header(key), str(TEXT_MESSAGES[kind]) % {"field": _header(key), "code": code})


def _date(key: str, value, today: datetime.date) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = _text(value).replace("/", "-").replace(".", "-")
        text = text.replace("年", "-").replace("月", "-").replace("日", "")
        try:
            day = datetime.date(*(int(part) for part in text.split("-")))
        except (TypeError, ValueError):
            raise RowRefused(_header(key), _("日期无法识别，请填写如 2015-03-08 的日期。")) from None
    if day > today:
        raise RowRefused(_header(key), _("日期不能晚于今天。"))
    if day.year < 1990:
        raise RowRefused(_header(key), _("日期过早，请检查年份。"))
    return day


def _choice(key: str, value, lookups: Lookups):
    text = _text(value)
    if not text:
        return None
    found = lookups.choices[key].get(text.lower())
    if found is None:
        raise RowRefused(_header(key), _("“%(value)s”不是可填写的值，请按模板“填写说明”填写。") % {"value": text[:20]})
    return found


def row_key(*, original_number: str, workstation_code: str, received: datetime.date, content: str) -> str:
    """What identifies a row across imports: the original number when given, else a hash of the
    workstation, received date and content."""
    if original_number:
        source = "no:" + original_number
    else:
        source = "|".join(("row", workstation_code, received.isoformat(), content))
    return hashlib.sha256(source.encode()).hexdigest()


def row_validate(number: int, values: dict, lookups: Lookups, today: datetime.date | None = None) -> RowData:
    """The row as RowData, or RowRefused for its first problem."""
    today = today or timezone.localdate()
    original = _text(values.get("original_number"))[:100]
    _check_text("original_number", original)

    received = _date("received_date", values.get("received_date"), today)
    if received is None:
        raise RowRefused(_header("received_date"), _("必须填写收到日期。"))

    ws_text = _text(values.get("workstation"))
    if not ws_text:
        raise RowRefused(_header("workstation"), _("必须填写工作室。"))
    if ws_text.lower() in lookups.ambiguous_names and ws_text.lower() not in lookups.workstations:
        raise RowRefused(_header("workstation"), _("有多个工作室同名，请填写工作室的公开代码。"))
    workstation = lookups.workstations.get(ws_text.lower())
    if workstation is None:
        raise RowRefused(_header("workstation"), _("系统中没有这个工作室。"))

    category_text = _text(values.get("category"))
    category_id = None
    if category_text:
        category_id = lookups.categories.get(category_text.lower())
        if category_id is None:
            raise RowRefused(_header("category"), _("系统中没有这个诉求类别。"))

    content = _text(values.get("content")).replace("\r\n", "\n")
    if not content:
        raise RowRefused(_header("content"), _("诉求内容不能为空。"))
    if len(content) > CONTENT_MAX:
        raise RowRefused(_header("content"), _("诉求内容不能超过 2000 字（现有 %(n)d 字）。") % {"n": len(content)})
    _check_text("content", content, multiline=True)

    channel = _choice("channel", values.get("channel"), lookups)
    if channel is None:
        raise RowRefused(_header("channel"), _("必须填写渠道。"))
    track = _choice("track", values.get("track"), lookups)
    status = _choice("status", values.get("status"), lookups)
    if status is None:
        raise RowRefused(_header("status"), _("必须填写状态。"))
    if status not in IMPORTABLE_STATUSES:
        raise RowRefused(_header("status"), _("历史数据只能导入已答复、已办结、已撤回或无效信息的诉求。"))
    outcome = _choice("outcome", values.get("outcome"), lookups) or ""
    if status in ANSWERED_STATUSES and track is None:
        raise RowRefused(_header("track"), _("已答复或已办结的诉求必须填写办理方式。"))
    if outcome and status not in ANSWERED_STATUSES:
        raise RowRefused(_header("outcome"), _("只有已答复或已办结的诉求才能填写办理结果。"))
    if status == Status.CLOSED and not outcome:
        raise RowRefused(_header("outcome"), _("已办结的诉求必须填写办理结果。"))
    if outcome and track is not None and outcome not in TRACK_OUTCOMES[Track(track)]:
        raise RowRefused(
            _header("outcome"),
            _("“%(track)s”的诉求不能以“%(outcome)s”办结。")
            % {"track": Track(track).label, "outcome": Outcome(outcome).label},
        )

    households_text = _text(values.get("households_helped"))
    households = 0
    if households_text:
        try:
            households = int(households_text)
        except ValueError:
            raise RowRefused(_header("households_helped"), _("请填写整数。")) from None
        if households < 0 or households > 100000:
            raise RowRefused(_header("households_helped"), _("户数应在 0 到 100000 之间。"))
    if households and outcome != Outcome.SOLVED:
        raise RowRefused(_header("households_helped"), _("只有办理结果为“已解决”的诉求才能填写帮助户数。"))

    department_text = _text(values.get("department"))
    department = ""
    if department_text:
        if track not in (Track.CONSULT, Track.PROPOSE):
            raise RowRefused(_header("department"), _("只有“咨询后答复”或“提交建议”的诉求才能填写承办部门。"))
        found = lookups.departments.get(department_text.lower())
        if found is None:
            raise RowRefused(_header("department"), _("系统中没有这个部门。"))
        department = found[1]
    proposal_title = _text(values.get("proposal_title"))
    if proposal_title:
        if track != Track.PROPOSE:
            raise RowRefused(_header("proposal_title"), _("只有“提交建议”的诉求才能填写建议标题。"))
        if len(proposal_title) > 200:
            raise RowRefused(_header("proposal_title"), _("建议标题不能超过 200 字。"))
        _check_text("proposal_title", proposal_title)
    livelihood_text = _text(values.get("livelihood_project")).lower()
    livelihood = None
    if livelihood_text:
        if livelihood_text not in YES | NO:
            raise RowRefused(_header("livelihood_project"), _("请填写“是”或“否”。"))
        livelihood = livelihood_text in YES
        if livelihood and track != Track.PROPOSE:
            raise RowRefused(_header("livelihood_project"), _("只有“提交建议”的诉求才能是民生工程。"))
        if livelihood and not proposal_title:
            raise RowRefused(_header("livelihood_project"), _("民生工程须同时填写建议标题。"))

    closed = _date("closed_date", values.get("closed_date"), today)
    if status in ANSWERED_STATUSES and closed is None:
        raise RowRefused(_header("closed_date"), _("已答复或已办结的诉求必须填写办结日期。"))
    if status not in ANSWERED_STATUSES and closed is not None:
        raise RowRefused(_header("closed_date"), _("已撤回或无效信息的诉求不能填写办结日期。"))
    if closed is not None and closed < received:
        raise RowRefused(_header("closed_date"), _("办结日期不能早于收到日期。"))

    name = _text(values.get("citizen_name"))
    address = _text(values.get("citizen_address"))
    _check_text("citizen_name", name)
    _check_text("citizen_address", address)
    if len(name) > 50:
        raise RowRefused(_header("citizen_name"), _("姓名不能超过 50 字。"))
    if len(address) > 200:
        raise RowRefused(_header("citizen_address"), _("住址不能超过 200 字。"))
    try:
        phone = phones.phone_normalize(_text(values.get("citizen_phone")))
    except phones.PhoneInvalid:
        raise RowRefused(_header("citizen_phone"), _("请填写正确的 11 位手机号码，例如 13800138000。")) from None

    return RowData(
        row_number=number,
        key=row_key(original_number=original, workstation_code=workstation[1], received=received, content=content),
        original_number=original,
        workstation_id=workstation[0],
        category_id=category_id,
        content=content,
        channel=channel,
        track=track,
        status=status,
        outcome=outcome,
        households_helped=households,
        received=received,
        closed=closed,
        department=department,
        proposal_title=proposal_title,
        livelihood_project=livelihood,
        citizen_name=name,
        citizen_phone=phone,
        citizen_address=address,
    )

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureRow(models.Model):
    """The additive petition figures of `stats.selectors.aggregates.petition_cube` for one
    combination of workstation, category, assigned member (with the member's sector) and channel.
    Ids are plain integers, not foreign keys: these tables are derived, rebuilt, never edited."""

    workstation_id = models.BigIntegerField(_("工作室"))
    category_id = models.BigIntegerField(_("类别"), null=True)
    member_id = models.BigIntegerField(_("承办委员"), null=True)
    sector_id = models.BigIntegerField(_("界别"), null=True)
    channel = models.CharField(_("渠道"), max_length=16)
    collected = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    solved = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    response_due = models.PositiveIntegerField(default=0)
    responded_on_time = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    # the citizen's second score, of the result (结果满意度), rated in the period
    result_rated = models.PositiveIntegerField(default=0)
    result_satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyFigure(FigureRow):
    """One finished calendar month's petition figures for one combination of dimensions.

    The trend, and periods made of whole finished months, read from here instead of counting a
    year of petitions on every page view. Rebuilt by `stats.services` from the very function the
    live dashboard runs, for the months that recent petition events touched (every minute) and
    for any month not yet built; the current month is read from DailyFigure and counted live."""

    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("月度统计")
        verbose_name_plural = _("月度统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_monthly_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.workstation_id}"


class MonthlyTrendFigure(models.Model):
    """One finished month's collected, handled and solved per workstation and category: MonthlyFigure
    summed over members, sectors and channels, built with it. The trend (twelve months) and the
    rising categories (three) read these few hundred rows a month, not the month's whole cube,
    when no member, sector or channel filter is set (bench/dashboard.py)."""

    month = models.DateField(_("月份"))
    workstation_id = models.BigIntegerField(_("工作室"))
    category_id = models.BigIntegerField(_("类别"), null=True)
    collected = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    solved = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("月度趋势统计")
        verbose_name_plural = _("月度趋势统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_mtrend_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.workstation_id}"


class DailyFigure(FigureRow):
    """One past day of the current month, like MonthlyFigure: the current month's figures are
    these days plus today counted live."""

    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        indexes = [models.Index(fields=["day", "workstation_id"], name="stats_daily_day_ws_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.workstation_id}"


class BuiltBlock(models.Model):
    """A run of built finished months, a month, a quarter or a year, whose petition figures are
    also kept summed in FigureBlock: a year read as one block instead of twelve months."""

    start = models.DateField(_("起始月份"))
    months = models.PositiveSmallIntegerField(_("月数"))
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的统计区间")
        verbose_name_plural = _("已生成的统计区间")
        constraints = [models.UniqueConstraint(fields=["start", "months"], name="stats_builtblock_unique")]

    def __str__(self):
        return f"{self.start:%Y-%m} +{self.months}"


class FigureBlock(FigureRow):
    """MonthlyFigure summed over a BuiltBlock's months and over the channels (channel is blank):
    a third of a month's rows, and a year's rows no more than a month's. Periods of whole months
    (quarter, year, to date, custom) read their years, quarters and months from here when no
    channel filter is set (bench/dashboard.py: to date at 1,000,000 petitions)."""

    block = models.ForeignKey(BuiltBlock, verbose_name=_("统计区间"), on_delete=models.CASCADE, related_name="rows")

    class Meta:
        verbose_name = _("区间统计")
        verbose_name_plural = _("区间统计")
        indexes = [models.Index(fields=["block", "workstation_id"], name="stats_block_ws_idx")]

    def __str__(self):
        return f"{self.block_id} {self.workstation_id}"


class BuiltMonth(models.Model):
    """A month whose MonthlyFigure rows are built, and when: only these are read from the table."""

    month = models.DateField(_("月份"), unique=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的月度统计")
        verbose_name_plural = _("已生成的月度统计")

    def __str__(self):
        return f"{self.month:%Y-%m}"


class BuiltDay(models.Model):
    """A day whose DailyFigure rows are built, and when."""

    day = models.DateField(_("日期"), unique=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的每日统计")
        verbose_name_plural = _("已生成的每日统计")

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"


# --- The figures that do not add up across dimensions, kept in period tables of their own ----------
# Each comes as a monthly and a daily table like MonthlyFigure / DailyFigure, built in the same
# transaction for the same months and days (BuiltMonth / BuiltDay say which), and read by
# `stats.selectors.tables` with the same plan: built months, built past days, the rest live.


class ResponseWaitRow(models.Model):
    """How many collected petitions of one workstation waited a given time for their first
    response: a histogram, from which the median time to first response is read exactly. Each
    wait is kept rounded to a tenth of an hour (6 minutes), the precision the dashboard shows the
    median in (see `stats.selectors.tables.wait_tenths_median`).

    A row with `subtree` counts the petitions of the workstation and of every workstation below
    it (workstation_id 0: the whole installation): a district's or the whole city's median then
    reads one histogram per month, not one per workstation (bench/dashboard.py, to date). The
    rows follow the tree as it was when the month was built: after a workstation moves to another
    parent, `manage.py build_monthly_figures` rebuilds them (a set of workstations that is no
    subtree always reads the per-workstation rows)."""

    workstation_id = models.BigIntegerField(_("工作室"))
    subtree = models.BooleanField(_("含下级工作室"), default=False)
    wait_tenths = models.IntegerField(_("等待时长（0.1小时）"))
    petitions = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyResponseWait(ResponseWaitRow):
    """One finished month's first-response waits of one workstation, by wait (petitions received
    in the month)."""

    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("月度首次响应时长分布")
        verbose_name_plural = _("月度首次响应时长分布")
        indexes = [models.Index(fields=["month", "subtree", "workstation_id"], name="stats_mwait_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.workstation_id} {self.wait_tenths}"


class YearlyResponseWait(ResponseWaitRow):
    """One finished year's first-response waits, MonthlyResponseWait summed over its twelve months:
    built with the year's FigureBlock (BuiltBlock of 12 months, which says it is there), so that a
    to-date median over a long history reads a row per year and wait, not per month."""

    year = models.DateField(_("年度"))

    class Meta:
        verbose_name = _("年度首次响应时长分布")
        verbose_name_plural = _("年度首次响应时长分布")
        indexes = [models.Index(fields=["year", "subtree", "workstation_id"], name="stats_ywait_year_ws_idx")]

    def __str__(self):
        return f"{self.year:%Y} {self.workstation_id} {self.wait_tenths}"


class DailyResponseWait(ResponseWaitRow):
    """One past day of the current month, like MonthlyResponseWait."""

    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("每日首次响应时长分布")
        verbose_name_plural = _("每日首次响应时长分布")
        indexes = [models.Index(fields=["day", "subtree", "workstation_id"], name="stats_dwait_day_ws_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.workstation_id} {self.wait_tenths}"


class DepartmentRow(models.Model):
    """The hand-offs of one department for the cases of one workstation that fell due in the
    period (consultations and proposal assignments together, as `aggregates._handoff_counts`
    counts them): due and settled, answered on time, answered at all, and the total handling time
    (for the mean). A figure per hand-off adds up, so a further one is a column more: the members'
    grades of the department's assignments graded in the period (GradeRow summed over authors),
    which the dashboard's department table reads from here with the on-time figures, in one
    query; GradeRow keeps the author and sector for those filters."""

    department_id = models.BigIntegerField(_("部门"))
    workstation_id = models.BigIntegerField(_("工作室"))
    due = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    handling_seconds = models.FloatField(default=0)
    graded = models.PositiveIntegerField(default=0)
    grade_a = models.PositiveIntegerField(default=0)
    grade_b = models.PositiveIntegerField(default=0)
    grade_c = models.PositiveIntegerField(default=0)
    grade_d = models.PositiveIntegerField(default=0)
    handling_satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyDepartmentFigure(DepartmentRow):
    """One finished month's hand-offs due, per department and workstation."""

    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("月度部门统计")
        verbose_name_plural = _("月度部门统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_mdept_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.department_id} {self.workstation_id}"


class YearlyDepartmentFigure(DepartmentRow):
    """One finished year's department rows, MonthlyDepartmentFigure summed over its months, built
    with the year's FigureBlock like YearlyResponseWait."""

    year = models.DateField(_("年度"))

    class Meta:
        verbose_name = _("年度部门统计")
        verbose_name_plural = _("年度部门统计")
        indexes = [models.Index(fields=["year", "workstation_id"], name="stats_ydept_year_ws_idx")]

    def __str__(self):
        return f"{self.year:%Y} {self.department_id} {self.workstation_id}"


class DailyDepartmentFigure(DepartmentRow):
    """One past day of the current month, like MonthlyDepartmentFigure."""

    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("每日部门统计")
        verbose_name_plural = _("每日部门统计")
        indexes = [models.Index(fields=["day", "workstation_id"], name="stats_ddept_day_ws_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.department_id} {self.workstation_id}"


class GradeRow(models.Model):
    """The members' grades of one department's assignments (`stats.selectors.grades`) for the
    proposals of one workstation and author (with the author's sector), graded in the period: how
    many, how many of each grade, and how many whose handling was rated satisfied."""

    department_id = models.BigIntegerField(_("部门"))
    workstation_id = models.BigIntegerField(_("工作室"))
    member_id = models.BigIntegerField(_("委员"), null=True)
    sector_id = models.BigIntegerField(_("界别"), null=True)
    graded = models.PositiveIntegerField(default=0)
    grade_a = models.PositiveIntegerField(default=0)
    grade_b = models.PositiveIntegerField(default=0)
    grade_c = models.PositiveIntegerField(default=0)
    grade_d = models.PositiveIntegerField(default=0)
    handling_satisfied = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyGradeFigure(GradeRow):
    """One finished month's grades, per department, workstation and author."""

    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("月度部门评定统计")
        verbose_name_plural = _("月度部门评定统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_mgrade_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.department_id} {self.workstation_id}"


class DailyGradeFigure(GradeRow):
    """One past day of the current month, like MonthlyGradeFigure."""

    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("每日部门评定统计")
        verbose_name_plural = _("每日部门评定统计")
        indexes = [models.Index(fields=["day", "workstation_id"], name="stats_dgrade_day_ws_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.department_id} {self.workstation_id}"


class ProjectRow(models.Model):
    """Livelihood projects confirmed in the period (`figures.project_proposals`) per proposal
    workstation and author (with the author's sector): the projects figure, counted ahead."""

    workstation_id = models.BigIntegerField(_("工作室"))
    member_id = models.BigIntegerField(_("委员"), null=True)
    sector_id = models.BigIntegerField(_("界别"), null=True)
    projects = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MonthlyProjectFigure(ProjectRow):
    month = models.DateField(_("月份"))

    class Meta:
        verbose_name = _("月度民生工程统计")
        verbose_name_plural = _("月度民生工程统计")
        indexes = [models.Index(fields=["month", "workstation_id"], name="stats_mproj_month_ws_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.workstation_id}"


class DailyProjectFigure(ProjectRow):
    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("每日民生工程统计")
        verbose_name_plural = _("每日民生工程统计")
        indexes = [models.Index(fields=["day", "workstation_id"], name="stats_dproj_day_ws_idx")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.workstation_id}"


class PetitionWord(models.Model):
    """One word (stats.segment.words_of, the hot words' segmentation) of one petition's content.

    Segmenting a year of petitions on every page view is far too slow at a million petitions
    (bench/topics.py), so each petition is segmented once: by the minute sweep for new petitions
    (intake, the API and the history import alike) and by `manage.py petition_words` for a backfill
    or after the office's names changed. Content is never edited, so a petition's words stay."""

    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("诉求")
    )
    word = models.CharField(_("词语"), max_length=32)

    class Meta:
        verbose_name = _("诉求词语")
        verbose_name_plural = _("诉求词语")
        constraints = [models.UniqueConstraint(fields=["petition", "word"], name="stats_petition_word_unique")]
        # The candidate list behind a word (?word=) reads from the word to its petitions.
        indexes = [models.Index(fields=["word", "petition"], name="stats_petition_word_word_idx")]

    def __str__(self):
        return f"{self.petition_id} {self.word}"


class CandidateKind(models.TextChoices):
    WORD = "word", _("词语")
    PLACE = "place", _("发生地点")
    # The value is the assigned member's id ("" for none): categories, workstations and sectors.
    MEMBER = "member", _("承办委员")


class CandidateMonth(models.Model):
    """How many collected petitions of one finished month, workstation and category have one word
    (PetitionWord), one place (the petition's 发生地点 text) or one assigned member (whose sector,
    with the category and workstation, the candidates read from the same rows): what they read for
    whole months instead of counting a year of words live. Derived, rebuilt by
    stats.services_candidates, never edited; ids are plain integers as in FigureRow."""

    month = models.DateField(_("月份"))
    # NULL: the month's total over every workstation and category (words and places only), what
    # office staff's unfiltered view reads: a few hundred rows a month instead of tens of thousands.
    workstation_id = models.BigIntegerField(_("工作室"), null=True)
    category_id = models.BigIntegerField(_("类别"), null=True)
    kind = models.CharField(_("类型"), max_length=8, choices=CandidateKind.choices)
    value = models.CharField(_("内容"), max_length=200)
    petitions = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        verbose_name = _("月度课题候选")
        verbose_name_plural = _("月度课题候选")
        indexes = [models.Index(fields=["month", "kind", "workstation_id"], name="stats_candidate_month_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.kind} {self.value}"


class BuiltCandidateMonth(models.Model):
    """A month whose CandidateMonth rows are built, and when: only these are read from the table."""

    month = models.DateField(_("月份"), unique=True)
    built_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("已生成的月度课题候选")
        verbose_name_plural = _("已生成的月度课题候选")

    def __str__(self):
        return f"{self.month:%Y-%m}"

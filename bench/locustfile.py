"""The traffic of bench/load.py (run by it; not on its own). Locust users, one class per kind of
person, each signing in once (on_start) and then doing what that person does:

- citizens: the petition form (a photo one time in five) and its confirmation page, the JSON
  intake API, tracking by page and by API. Every tracking code a citizen was shown (a 302 to the
  confirmation page that shows it, or a 201 from the API) is appended to LOAD_CODES_FILE: the run
  later asserts each one is in the database.
- members: the inbox, a case page, triage, a reply (tracks 1 and 2) or a consultation of the
  department (track 3, a hand-off).
- liaison officers: the rosters overview and a month's calendar.
- reviewers: the review queue, a proposal, accept, assign to the department (a hand-off).
- departments: take what the department's webhook receiver stored (LOAD_RECEIVER_URL/pending) and
  answer through the signed inbound webhook: acknowledge an assignment, answer a consultation.
- office staff: the dashboard and a drill-down list.

Configuration comes from LOAD_STATE_FILE (JSON written by bench/load.py: accounts, workstation
codes, categories, proposals, the department's id and secret).
"""

import io
import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, task
from PIL import Image

STATE = json.loads(open(os.environ["LOAD_STATE_FILE"], encoding="utf-8").read())
CODES_FILE = os.environ["LOAD_CODES_FILE"]
RECEIVER_URL = os.environ["LOAD_RECEIVER_URL"]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')
TRACK_LINK_RE = re.compile(r'href="/track/([^"/]+)/"')
CASE_LINK_RE = re.compile(r'href="/cases/(\d+)/"')
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
_lock = threading.Lock()
_codes: list[str] = []
_proposals = list(STATE["proposals"])
random.shuffle(_proposals)
_accounts: dict[str, int] = {}


def _photo() -> bytes:
    image = Image.new("RGB", (320, 240), (random.randint(0, 255), random.randint(0, 255), 80))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


PHOTO = _photo()


def _text(low: int = 30, high: int = 90) -> str:
    return "".join(random.choice(CJK) for _ in range(random.randint(low, high)))


def _phone() -> str:
    return f"138{random.randint(0, 99_999_999):08d}"


def code_acknowledged(code: str, via: str) -> None:
    with _lock:
        _codes.append(code)
        with open(CODES_FILE, "a", encoding="utf-8") as out:
            out.write(f"{code}\t{via}\n")


def _next_account(role: str) -> dict:
    with _lock:
        accounts = STATE["accounts"][role]
        index = _accounts.get(role, 0)
        _accounts[role] = index + 1
        return accounts[index % len(accounts)]


class StaffUser(HttpUser):
    abstract = True
    role = ""

    def on_start(self):
        self.account = _next_account(self.role)
        page = self.client.get("/accounts/login/", name="sign in (GET)")
        token = CSRF_RE.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.account["username"],
                "password": STATE["password"],
            },
            allow_redirects=False,
            name="sign in (POST)",
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in answered {answer.status_code}")

    def csrf(self, html: str) -> str:
        match = CSRF_RE.search(html)
        return match.group(1) if match else ""

    def post_form(self, url: str, data: dict, name: str, html: str):
        """A case-page form: POST, then the 302 back to the page is the success."""
        with self.client.post(
            url, data={"csrfmiddlewaretoken": self.csrf(html), **data}, allow_redirects=False, name=name,
            catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"{answer.status_code}")
            return answer


class Citizen(HttpUser):
    weight = 10
    wait_time = between(1, 4)

    @task(5)
    def submit_form(self):
        workstation = random.choice(STATE["workstations"])
        url = f"/w/{workstation}/submit/"
        page = self.client.get(url, name="citizen: form (GET)")
        csrf, key = CSRF_RE.search(page.text), KEY_RE.search(page.text)
        if not (csrf and key):
            return
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "idempotency_key": key.group(1),
            "category": random.choice(STATE["category_pks"]),
            "content": _text(),
            "location": "河堤广场",
            "citizen_name": "王小明",
            "citizen_phone": _phone(),
            "consent_given": "on",
            "website": "",
            "decision": "new",
        }
        files = {"photos": ("photo.jpg", PHOTO, "image/jpeg")} if random.random() < 0.2 else None
        name = "citizen: submit with photo (POST)" if files else "citizen: submit (POST)"
        with self.client.post(
            url, data=data, files=files, allow_redirects=False, name=name, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"{answer.status_code}")
                return
            location = answer.headers.get("Location", "")
        done = self.client.get(location, name="citizen: confirmation (GET)")
        match = TRACK_LINK_RE.search(done.text)
        if match:
            code_acknowledged(match.group(1), "form")

    @task(2)
    def submit_api(self):
        body = {
            "workstation": random.choice(STATE["workstations"]),
            "category": random.choice(STATE["category_codes"]),
            "content": _text(),
            "citizen_phone": _phone(),
            "consent_given": True,
        }
        with self.client.post(
            "/api/v1/petitions/", json=body, headers={"Idempotency-Key": uuid.uuid4().hex},
            name="citizen: API submit (POST)", catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 201:
                answer.failure(f"{answer.status_code}")
                return
            code_acknowledged(answer.json()["tracking_code"], "api")

    @task(4)
    def track_page(self):
        if _codes:
            self.client.get(f"/track/{random.choice(_codes)}/", name="citizen: /track/<code>/")

    @task(4)
    def track_api(self):
        if _codes:
            self.client.get(f"/api/v1/track/{random.choice(_codes)}/", name="citizen: API track")


class Member(StaffUser):
    fixed_count = 4
    role = "member"
    wait_time = between(2, 5)

    @task
    def handle_a_case(self):
        inbox = self.client.get("/inbox/", name="member: /inbox/")
        cases = CASE_LINK_RE.findall(inbox.text)
        if not cases:
            return
        pk = random.choice(cases[:20])
        page = self.client.get(f"/cases/{pk}/", name="member: case page")
        html = page.text
        if f"/cases/{pk}/claim/" in html:
            self.post_form(f"/cases/{pk}/claim/", {}, "member: claim (POST)", html)
            html = self.client.get(f"/cases/{pk}/", name="member: case page").text
        if f"/cases/{pk}/triage/" in html:
            track = random.choice([1, 2, 2, 3])
            self.post_form(f"/cases/{pk}/triage/", {"track": track}, "member: triage (POST)", html)
            html = self.client.get(f"/cases/{pk}/", name="member: case page").text
        if f"/cases/{pk}/consult/" in html and random.random() < 0.7:
            self.post_form(
                f"/cases/{pk}/consult/",
                {"department": STATE["department_id"], "question": "请答复：" + _text(10, 30)},
                "member: consult department (POST)",
                html,
            )
        elif f"/cases/{pk}/reply/" in html:
            self.post_form(
                f"/cases/{pk}/reply/",
                {"message": "答复：" + _text(20, 60), "outcome": "answered", "households_helped": 0},
                "member: reply (POST)",
                html,
            )


class LiaisonOfficer(StaffUser):
    fixed_count = 1
    role = "liaison"
    wait_time = between(2, 6)

    @task(2)
    def overview(self):
        self.client.get("/rosters/", name="liaison: /rosters/")

    @task(3)
    def month(self):
        today = time.localtime()
        code = random.choice(STATE["workstations"])
        self.client.get(f"/rosters/{code}/{today.tm_year}/{today.tm_mon}/", name="liaison: month calendar")


class Reviewer(StaffUser):
    fixed_count = 1
    role = "reviewer"
    wait_time = between(2, 5)

    @task(1)
    def queue(self):
        self.client.get("/review/", name="reviewer: /review/")

    @task(2)
    def accept_and_assign(self):
        with _lock:
            if not _proposals:
                return
            pk = _proposals.pop()
        page = self.client.get(f"/proposals/{pk}/", name="reviewer: proposal page")
        self.post_form(f"/review/{pk}/accept/", {}, "reviewer: accept (POST)", page.text)
        page = self.client.get(f"/proposals/{pk}/", name="reviewer: proposal page")
        self.post_form(
            f"/review/{pk}/assign/", {"lead_department": STATE["department_id"]}, "reviewer: assign (POST)", page.text
        )


class Department(HttpUser):
    """The department's own system: what its webhook receiver stored, answered through the signed
    inbound webhook (the API a department's system has today)."""

    fixed_count = 1
    wait_time = between(1, 3)

    def on_start(self):
        from handoffs.signing import webhook_signature

        self.sign = webhook_signature

    @task
    def answer_handoffs(self):
        import requests

        try:
            pending = requests.get(f"{RECEIVER_URL}/pending", timeout=5).json()
        except (requests.RequestException, ValueError):
            return
        for item in pending:
            if item["kind"] == "assignment":
                document = {"type": "assignment.acknowledge", "data": {"assignment_id": item["data"]["assignment_id"]}}
                name = "department: API acknowledge assignment"
            else:
                document = {
                    "type": "consultation.answer",
                    "data": {
                        "consultation_id": item["data"]["consultation_id"],
                        "answer": "部门答复：" + _text(10, 30),
                    },
                }
                name = "department: API answer consultation"
            body = json.dumps(document, ensure_ascii=False).encode("utf-8")
            timestamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Workstation-Timestamp": timestamp,
                "X-Workstation-Signature": self.sign(secret=STATE["inbound_secret"], timestamp=timestamp, body=body),
                "Idempotency-Key": f"ack-{item['id']}",
            }
            url = f"/api/v1/departments/{STATE['department_id']}/webhook/"
            with self.client.post(url, data=body, headers=headers, name=name, catch_response=True) as answer:
                code = answer.status_code
                if code == 409:
                    # A repeat of a message that was taken (its first answer was lost): done.
                    answer.success()
                if code in (200, 409):
                    requests.post(f"{RECEIVER_URL}/answered", json={"id": item["id"]}, timeout=5)
                    continue
                answer.failure(f"{code}: {answer.text[:120]}")
                if code == 0 or code >= 500:
                    # Not taken: hand it back, to be sent again once the part that failed is up.
                    requests.post(f"{RECEIVER_URL}/pending", json=item, timeout=5)


class OfficeStaff(StaffUser):
    fixed_count = 1
    role = "office"
    wait_time = between(3, 8)

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="office: /dashboard/")

    @task(1)
    def drill_down(self):
        self.client.get("/dashboard/cases/collected/", name="office: drill-down list")

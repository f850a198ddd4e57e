"""The planner's journeys on the real coachdesk binary, driven through the accessibility tree.
Run by `bash tests/desktop/run` (which prepares the desktop session); see harness.py."""

import csv
import json
import io
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import App, Sim, clipboard_clear, clipboard_get, clipboard_put, wait_for  # noqa: E402

ARTIFACTS = os.environ.get("COACHDESK_DESKTOP_ARTIFACTS", tempfile.gettempdir())

ROWS = re.compile(r"^(\d+) van (\d+) rijen, (?:filter '[^']*', )?(\d+) geselecteerd$")


def rows_label(app):
    label = app.find("label", ROWS)
    m = ROWS.match(label.name)
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def requests_left(app):
    label = app.find("label", re.compile(r"^Verzoeken over: \d+ van \d+"))
    return int(re.match(r"^Verzoeken over: (\d+)", label.name).group(1))


def table_rows(app):
    return [a.name for a in app.all("table row")]


class Journey(unittest.TestCase):
    """Starts apps and simulators and always stops them; keeps a screenshot of a failure."""

    def setUp(self):
        self.apps = []
        self.sims = []
        self.tmp = tempfile.mkdtemp(prefix="coachdesk-journey-")

    def tearDown(self):
        failed = any(err for _, err in (self._outcome.result.errors + self._outcome.result.failures)
                     if _ is self)
        for app in self.apps:
            if failed:
                shot = os.path.join(ARTIFACTS, f"{self.id().split('.')[-1]}.png")
                app.screenshot(shot)
                sys.stderr.write(f"\n--- {self.id()}: screenshot {shot}\n--- app output:\n{app.output()}\n")
            app.close()
        for sim in self.sims:
            sim.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def app(self, **kw):
        app = App(**kw)
        self.apps.append(app)
        return app

    def sim(self, *args):
        sim = Sim(*args)
        self.sims.append(sim)
        return sim

    def connect(self, app, sim, name, client="demo", secret="demo"):
        """Makes a profile for `sim` in Settings (the secret goes to the real keyring) and
        connects; waits until the status bar says connected."""
        self.connect_only(app, sim, name, client, secret)
        app.wait_text(f"Verbonden: {name} ({sim.url})")

    def connect_only(self, app, sim, name, client, secret):
        """Fills and saves a profile for `sim` and asks to connect (the answer may be a refusal)."""
        app.click("toggle button", "Instellingen")
        if app.query("push button", "Nieuw profiel"):
            app.click("push button", "Nieuw profiel")
        app.type_into("entry", "Naam van het profiel", name)
        app.click("radio button", "Eigen adres")
        app.type_into("entry", "Adres (URL)", sim.url)
        app.type_into("entry", "Client-id", client)
        app.type_into("password text", "Client secret", secret)
        app.click("push button", "Opslaan en verbinden")


class DemoBrowseTest(Journey):
    def test_first_start_demo_fetch_sort_filter_select_detail_export(self):
        app = self.app()
        app.click("push button", "Demo proberen")
        # The date picker speaks Dutch: month names, ma…zo, Annuleren/Opslaan.
        app.click("push button", "Van", timeout=60)
        app.find("push button", "Opslaan")
        app.find(None, re.compile(r"^(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}$"))
        app.find(None, "ma")
        app.click("push button", "Annuleren")
        app.gone("push button", "Opslaan")
        app.click("push button", "Laatste 7 dagen", timeout=60)
        app.click("push button", "Wijzigingen ophalen")
        shown = wait_for(lambda: rows_label(app)[1] > 0 and rows_label(app), 90, "fetched rows")
        total = shown[1]
        rows = wait_for(lambda: table_rows(app), 20, "table rows")
        self.assertGreater(len(rows), 3)

        # Sort by the change time, twice: the order flips.
        app.click("push button", "Gewijzigd op")
        app.find("push button", "Gewijzigd op ^")
        ascending = table_rows(app)
        app.click("push button", "Gewijzigd op ^")
        app.find("push button", "Gewijzigd op v")
        descending = wait_for(lambda: (r := table_rows(app)) != ascending and r, 10, "re-sorted rows")
        self.assertNotEqual(ascending[0], descending[0])

        # Filter as you type: only rows with the word stay.
        app.type_into("entry", "Filter", "Verwerkt")
        filtered = wait_for(lambda: (n := rows_label(app))[0] < total and n, 20, "the filter")
        self.assertGreater(filtered[0], 0)
        app.find("label", re.compile(r"^\d+ van \d+ rijen, filter 'Verwerkt', 0 geselecteerd$"))
        for row in table_rows(app):
            self.assertIn("Verwerkt", row)
        # Status codes read as words (InBehandeling: "In behandeling"), never as the code.
        self.assertFalse(any("InBehandeling" in r for r in rows), rows[:3])

        # Select a row: the status counts it and the detail pane shows it.
        first = app.all("table row")[0]
        record_id = first.name.split(",")[0].strip()
        company = first.name.split(", ")[3]
        in_table = len(app.all("label", company))
        app.click(name=first)
        wait_for(lambda: rows_label(app)[2] == 1, 10, "one selected row")
        app.wait_text(record_id)
        self.assertIsNone(app.query("label", "Selecteer een rij om de details te zien."))
        # The detail pane reads like the table: the company's name (not its id), ja/nee.
        wait_for(lambda: len(app.all("label", company)) > in_table, 10, "the company name in the detail pane")
        self.assertTrue(app.query("label", "ja") or app.query("label", "nee"))

        # Export the selection as CSV: no file dialog on this desktop, so a path field is offered.
        target = os.path.join(self.tmp, "selectie.csv")
        app.click("push button", "Exporteren (1 rij)…")
        app.wait_text("Er kon geen bestandsvenster worden geopend")
        app.type_into("entry", "Pad voor de export", target)
        app.click("push button", "Opslaan")
        app.wait_text(f"1 rij opgeslagen in {target}")
        with open(target, encoding="utf-8-sig") as f:
            data = list(csv.reader(f, delimiter=";"))
        self.assertEqual(len(data), 2, data)
        self.assertIn(record_id, data[1])

        # And as XLSX, to the folder proposed from the last export.
        app.click("combo box", "Exportformaat")
        app.click(name=re.compile("^XLSX$"))
        app.click("push button", "Exporteren (1 rij)…")
        field = app.find("entry", "Pad voor de export")
        proposed = app.value(field)
        self.assertTrue(proposed.startswith(self.tmp), proposed)
        xlsx = os.path.join(self.tmp, "selectie.xlsx")
        app.type_into("entry", "Pad voor de export", xlsx)
        app.click("push button", "Opslaan")
        app.wait_text(f"1 rij opgeslagen in {xlsx}")
        with zipfile.ZipFile(xlsx) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
            strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
        self.assertIn(record_id, sheet + strings)


def excel_rows(n):
    """What Excel puts on the clipboard for a header and `n` rows: tab-separated, CRLF."""
    lines = ["Voornaam\tTussenvoegsel\tAchternaam\tE-mailadres"]
    for i in range(1, n + 1):
        # Excel quotes a cell holding a line break (Alt+Enter in the cell).
        first = f'"Deelnemer{i}\nB"' if i == 3 else f"Deelnemer{i}"
        lines.append(f"{first}\t{'van' if i % 5 == 0 else ''}\tPlakker\tdeelnemer{i}@plak.nl")
    return "\r\n".join(lines) + "\r\n"


class WizardTest(Journey):
    def start_wizard(self, app, scenario):
        app.click("toggle button", "Inschrijven")
        course = app.find("toggle button", re.compile(r"^[A-Z]+-.*-"), timeout=60)
        code = course.name
        app.click(name=course)
        app.click("push button", "Volgende")
        app.click("radio button", scenario)
        app.click("push button", "Volgende")
        return code

    def fill_person(self, app, first, last, email):
        app.type_into("entry", "Voornaam", first)
        app.type_into("entry", "Achternaam", last)
        app.type_into("entry", "E-mailadres", email)

    def test_25_participants_pasted_from_excel_are_sent(self):
        sim = self.sim("--scale", "300")
        app = self.app()
        app.click("push button", "Verbinden met Coachview")
        self.connect(app, sim, "Team A")
        self.start_wizard(app, "Een contactpersoon schrijft medewerkers in")
        self.fill_person(app, "Carla", "Contact", "carla@plak.nl")
        app.click("push button", "Volgende")
        time.sleep(1.5)  # the contact's own lookup settles (debounced) before we count
        before = requests_left(app)
        clipboard_put(excel_rows(25))
        paste = app.find(("entry", "text", "paragraph"), "Rijen uit Excel plakken")
        app.focus(paste)
        app.key("ctrl+v")
        app.wait_text("Kolommen herkend aan de kopregel")
        app.click("push button", "25 deelnemers toevoegen")
        app.find("label", "Deelnemer 25")
        # A long list is a compact table with a status per row, not 25 forms.
        self.assertEqual(app.all("entry", "Voornaam"), [])
        self.assertEqual(len(app.all("label", "In orde")), 25)
        # One row opens as a form and closes again.
        app.click("push button", "Deelnemer 7 bewerken")
        self.assertEqual(app.value(app.find("entry", "Voornaam")), "Deelnemer7")
        app.click("push button", "Klaar met deze deelnemer")
        app.gone("entry", "Voornaam")
        # The 25 addresses cost one batch after two requests that prove the list filter, not 25.
        time.sleep(2)
        self.assertLessEqual(before - requests_left(app), 3)
        reference = self.finish_and_send(app)
        sent = self.webaanvraag(sim, reference)
        self.assertEqual(sent["aantalDeelnemers"], 25)
        self.assertFalse(sent["contactpersoonIsDeelnemer"])

    def paste_participants(self, app, rows):
        clipboard_put(rows)
        paste = app.find(("entry", "text", "paragraph"), "Rijen uit Excel plakken")
        app.focus(paste)
        app.key("ctrl+v")
        app.wait_text("Kolommen herkend aan de kopregel")
        n = rows.count("\n") - 1
        app.click("push button", f"{n} deelnemers toevoegen")

    def test_three_scenarios_are_sent_with_their_shapes(self):
        sim = self.sim("--scale", "300")
        app = self.app()
        app.click("push button", "Verbinden met Coachview")
        self.connect(app, sim, "Team A")
        # (scenario, contact, pasted employees, deelnemers Coachview counts, contact among them)
        cases = [
            ("Een deelnemer schrijft zichzelf in", ("Sam", "Zelf", "sam.zelf@plak.nl"), 0, 1, True),
            ("Een contactpersoon schrijft medewerkers in", ("Carla", "Contact", "carla@plak.nl"), 2, 2, False),
            ("Een contactpersoon schrijft zichzelf en medewerkers in", ("Dirk", "Doemee", "dirk@plak.nl"),
             2, 3, True),
        ]
        for i, (scenario, contact, pasted, count, contact_counts) in enumerate(cases):
            if i:
                app.click("push button", "Nieuwe inschrijving")
            self.start_wizard(app, scenario)
            self.fill_person(app, *contact)
            if pasted:
                app.click("push button", "Volgende")
                self.paste_participants(app, excel_rows(pasted))
            ref = self.finish_and_send(app)
            sent = self.webaanvraag(sim, ref)
            self.assertEqual((sent["aantalDeelnemers"], sent["contactpersoonIsDeelnemer"]),
                             (count, contact_counts), scenario)
        # The outbox shows the last one; "Kopiëren als JSON" puts its exact body on the clipboard.
        clipboard_clear()
        app.click("toggle button", "Outbox")
        app.click(("toggle button", "push button"), ref)
        app.click("push button", "Kopiëren als JSON")
        body = wait_for(lambda: ref in clipboard_get() and clipboard_get(), 10, "the JSON on the clipboard")
        payload = json.loads(body)
        self.assertEqual(payload["referentieNrKlant"], ref)
        self.assertEqual(len(payload["deelnemers"]), 3)
        self.assertEqual(payload["contactpersoon"]["emailadres"], "dirk@plak.nl")

    def test_participants_file_is_imported_through_a_typed_path(self):
        sim = self.sim("--scale", "300")
        app = self.app()
        app.click("push button", "Verbinden met Coachview")
        self.connect(app, sim, "Team A")
        path = os.path.join(self.tmp, "deelnemers.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Voornaam;Achternaam;E-mailadres\nBram;Bestand;bram@plak.nl\nBea;Bestand;bea@plak.nl\n")
        self.start_wizard(app, "Een contactpersoon schrijft medewerkers in")
        self.fill_person(app, "Carla", "Contact", "carla@plak.nl")
        app.click("push button", "Volgende")
        app.click("push button", "Bestand importeren (CSV/XLSX)…")
        app.wait_text("Er kon geen bestandsvenster worden geopend")
        app.type_into("entry", "Pad van het bestand", path)
        app.click("push button", "Openen")
        app.wait_text(f"Uit {path}")
        app.wait_text("Kolommen herkend aan de kopregel")
        app.click("push button", "2 deelnemers toevoegen")
        ref = self.finish_and_send(app)
        self.assertEqual(self.webaanvraag(sim, ref)["aantalDeelnemers"], 2)

    def finish_and_send(self, app):
        """From the participants step (or the contact step when there is none): company step,
        review (with a reference of our own), send; returns the reference."""
        step = re.compile(r"^Stap \d van \d+: Bedrijf")
        for _ in range(3):
            if app.query("label", step):
                break
            app.click("push button", "Volgende")
            try:
                wait_for(lambda: app.query("label", step), 3, "the company step")
            except AssertionError:
                continue
        app.find("label", step)
        reference = f"DESK-{int(time.time() * 1000)}"
        app.type_into("entry", "Uw referentie (optioneel)", reference)
        app.click("push button", "Volgende")
        app.find("label", re.compile(r"^Stap \d van \d+: Controleren"))
        if not app.query("push button", "Inschrijving versturen"):
            app.click("push button", "Volgende")
        app.click("push button", "Inschrijving versturen")
        app.wait_text("Verstuurd: Coachview ontving de inschrijving met nummer", 60)
        return reference

    def webaanvraag(self, sim, reference):
        found = sim.get("Webaanvragen", where=f"referentieNrKlant={reference}")
        self.assertEqual(len(found), 1, found)
        return found[0]


class CopyTest(Journey):
    def test_every_copy_button_reaches_the_system_clipboard(self):
        app = self.app()
        app.click("push button", "Demo proberen")
        app.click("push button", "Laatste 7 dagen", timeout=60)
        app.click("push button", "Wijzigingen ophalen")
        wait_for(lambda: rows_label(app)[1] > 0, 90, "fetched rows")
        row = wait_for(lambda: app.all("table row"), 20, "table rows")[0]
        app.click(name=row)
        # The detail pane: each field's own copy button.
        button = app.find("push button", re.compile(r"^Status kopiëren$"))
        clipboard_clear()
        app.click(name=button)
        status = wait_for(clipboard_get, 10, "the status on the clipboard")
        self.assertIn(status, row.name)
        # Settings: the diagnostics (no secret) and the probe's report.
        app.click("toggle button", "Instellingen")
        clipboard_clear()
        app.click("push button", "Diagnose kopiëren")
        diag = wait_for(lambda: "coachdesk" in clipboard_get() and clipboard_get(), 10, "the diagnostics")
        self.assertIn("renderer:", diag)
        self.assertNotIn("demo:demo", diag)
        app.click("push button", "Verbinding testen")
        clipboard_clear()
        app.click("push button", "Rapport kopiëren", timeout=60)
        report = wait_for(clipboard_get, 10, "the probe report")
        self.assertIn("coachdesk", report)


class ErrorTest(Journey):
    def test_401_403_and_429_are_explained_on_screen(self):
        sim = self.sim("--scale", "300", "--daily-limit", "40")
        app = self.app()
        app.click("push button", "Verbinden met Coachview")
        # A wrong secret: the token is refused.
        self.connect_only(app, sim, "Fout", "demo", "verkeerd-secret")
        dialog = app.find("dialog", None, timeout=30)
        app.find("label", "Toegang geweigerd (401)", within=dialog)
        clipboard_clear()
        app.click("push button", "Details kopiëren", within=dialog)
        details = wait_for(clipboard_get, 10, "the details on the clipboard")
        self.assertIn("auth/connect/token", details)
        self.assertNotIn("verkeerd-secret", details)
        app.click("push button", "Sluiten", within=dialog)
        app.gone("dialog")
        # Read-only client: sending an enrolment names the missing scope.
        app.click("push button", "Nieuw profiel")
        self.connect(app, sim, "Alleen lezen", "lezen", "lezen")
        WizardTest.start_wizard(self, app, "Een deelnemer schrijft zichzelf in")
        WizardTest.fill_person(self, app, "Sam", "Zelf", "sam@plak.nl")
        try:
            WizardTest.finish_and_send(self, app)
        except AssertionError:
            pass
        app.wait_text("Webaanvragen.Schrijven", 30)
        dialog = app.query("dialog")
        if dialog is not None:
            app.click("push button", "Sluiten", within=dialog)
        # The daily limit: a fetch beyond it shows the countdown and the requests left.
        app.click("toggle button", "Wijzigingen")
        app.click("push button", "Deze maand")
        def fetch_until_the_limit():
            if app.query("label", re.compile(r"^Reset over: \d\d:\d\d:\d\d")):
                return True
            for name in ("Toch ophalen", "Wijzigingen ophalen"):
                button = app.query("push button", name)
                if button is not None and App._enabled(button):
                    app.click(name=button)
                    return False
            return False
        wait_for(fetch_until_the_limit, 120, "the daily limit to be reached")
        dialog = app.find("dialog")
        app.find("label", "Daglimiet bereikt (429)", within=dialog)
        app.wait_text(re.compile(r"^Verzoeken over: 0 van 40"))
        # The countdown runs.
        first = app.find("label", re.compile(r"^Reset over:"), within=dialog).name
        wait_for(lambda: app.find("label", re.compile(r"^Reset over:"), within=dialog).name != first,
                 10, "the countdown to tick")


class ProfileTest(Journey):
    def test_two_profiles_share_nothing_and_the_demo_is_one_click_away(self):
        sim_a = self.sim("--scale", "300", "--seed", "1")
        sim_b = self.sim("--scale", "300", "--seed", "2", "--daily-limit", "3000")
        app = self.app()
        app.click("push button", "Verbinden met Coachview")
        self.connect(app, sim_a, "A")
        # In A: a fetch (status line), the probe (Settings), an enrolment sent (recent person) and
        # a draft started on one of A's courses.
        app.click("toggle button", "Wijzigingen")
        app.click("push button", "Laatste 7 dagen")
        app.click("push button", "Wijzigingen ophalen")
        app.wait_text(re.compile(r"records opgehaald"), 60)
        app.click("toggle button", "Instellingen")
        app.click("push button", "Verbinding testen")
        app.find("push button", "Rapport kopiëren", timeout=60)
        WizardTest.start_wizard(self, app, "Een deelnemer schrijft zichzelf in")
        WizardTest.fill_person(self, app, "Anna", "Alfa", "anna@a.nl")
        WizardTest.finish_and_send(self, app)
        app.click("push button", "Nieuwe inschrijving")
        course_a = WizardTest.start_wizard(self, app, "Een deelnemer schrijft zichzelf in")
        WizardTest.fill_person(self, app, "Bert", "Beide", "bert@b.nl")

        # Switch to B (a new profile): nothing of A is shown.
        app.click("toggle button", "Instellingen")
        app.click("push button", "Nieuw profiel")
        self.connect(app, sim_b, "B")
        text = app.screen_text()
        self.assertNotIn("records opgehaald", text)
        self.assertNotIn("van 5000", text)
        # B is probed by itself on its first use: the report shown is B's own, never A's.
        clipboard_clear()
        app.click("push button", "Rapport kopiëren", timeout=60)
        report = wait_for(clipboard_get, 10, "B's probe report")
        self.assertIn(sim_b.url, report)
        self.assertNotIn(sim_a.url, report)
        app.find("push button", "Profiel: B")
        app.click("toggle button", "Inschrijven")
        app.wait_text("Deze concept-inschrijving is begonnen in profiel 'A'")
        self.assertNotIn("Anna Alfa", app.screen_text())
        # The typed person survived; the course must be chosen again, among B's courses.
        app.find("label", re.compile(r"^Stap 1 van \d+: Opleiding"))
        app.click(("toggle button",), re.compile(r"^[A-Z]+-.*-"), timeout=60)
        for _ in range(4):
            if app.query("label", re.compile(r"^Stap \d van \d+: (Contactpersoon|Bedrijf)")):
                break
            app.click("push button", "Volgende")
            time.sleep(0.5)
        first = app.query("entry", "Voornaam")
        if first is not None:
            self.assertEqual(app.value(first), "Bert")
        reference = WizardTest.finish_and_send(self, app)
        sent = self.webaanvraag(sim_b, reference)
        for o in sent["opleidingen"]:
            if o.get("opleidingId"):
                sim_b.get(f"Opleidingen/{o['opleidingId']}")  # B knows the course: 404 would raise
        self.assertEqual(sim_a.get("Webaanvragen", where=f"referentieNrKlant={reference}"), [])
        self.assertNotEqual(course_a, None)

        # Back to the demo: one click in the status bar's profile menu.
        app.click("push button", "Profiel: B")
        app.click("toggle button", "Demo")
        app.wait_text("Demo: Demo (ingebouwde simulator)", 60)
        app.find("push button", "Profiel: Demo")

    def webaanvraag(self, sim, reference):
        return WizardTest.webaanvraag(self, sim, reference)

    def test_a_corrected_client_id_keeps_its_secret_and_a_rename_too(self):
        sim = self.sim("--scale", "300", "--client", "teamx:geheim-x")
        app = self.app()
        app.click("push button", "Verbinden met Coachview")
        self.connect_only(app, sim, "X", "teamz", "geheim-x")
        dialog = app.find("dialog", None, timeout=30)
        app.click("push button", "Sluiten", within=dialog)
        app.gone("dialog")
        # Correct the typo only: the secret follows, and the screen says so.
        app.type_into("entry", "Client-id", "teamx")
        app.click("push button", "Opslaan en verbinden")
        app.wait_text("Het client secret van 'X' is meegenomen naar client-id teamx in de sleutelbos.")
        app.wait_text(f"Verbonden: X ({sim.url})", 30)
        # Rename the profile: the status bar follows and connecting still finds the secret.
        app.click("push button", "X hernoemen")
        app.type_into("entry", "Nieuwe naam:", "Team X")
        app.click("push button", "Naam opslaan")
        app.find("push button", "Profiel: Team X")
        app.click("push button", "Opslaan en verbinden")
        app.wait_text(f"Verbonden: Team X ({sim.url})", 30)
        self.assertIsNone(app.query("label", re.compile("Geen client secret")))


def ftl_messages(path):
    """{id: text} of a Fluent file, continuation lines joined with newlines."""
    out, current = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            m = re.match(r"^([a-zA-Z][\w-]*) =\s?(.*)$", line)
            if m:
                current = m.group(1)
                out[current] = m.group(2)
            elif current and line.startswith(" "):
                out[current] += "\n" + line.strip()
            else:
                current = None
    return out


PLACEABLE = re.compile(r'\{ \$\w+ ->\s*\[one\] (.*?)\s*\*\[other\] (.*?)\s*\}|\{ \$\w+ \}|\{"(.*?)"\}', re.S)


def as_pattern(text):
    """A Fluent message as a regex for what the app shows: a variable is any text, a plural
    either form."""
    out, at = "", 0
    for m in PLACEABLE.finditer(text):
        out += re.escape(text[at:m.start()].strip("\n"))
        if m.group(1) is not None:
            out += f"(?:{re.escape(m.group(1))}|{re.escape(m.group(2))})"
        elif m.group(3) is not None:
            out += re.escape(m.group(3))
        else:
            out += ".+"
        at = m.end()
    out += re.escape(text[at:])
    return re.compile("^" + out + "$", re.S)


def string_table():
    """(key, Dutch, English) of every message in the app's Fluent files."""
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, "..", "..", "assets", "i18n")
    nl = ftl_messages(os.path.join(folder, "nl.ftl"))
    en = ftl_messages(os.path.join(folder, "en.ftl"))
    return [(k.replace("-", "."), nl[k], en[k]) for k in nl if k in en]


class LanguageTest(Journey):
    def other_language_left(self, app, table, shown, other):
        """Texts on screen that are a string of the other language only."""
        # Cells of the table are Coachview's data (status codes are Dutch words), not our text.
        cells = {c for row in app.all("table row") for c in row.name.split(", ")}
        texts = set(app.texts()) - cells
        left = []
        for key, nl, en in table:
            mine, theirs = (en, nl) if shown == "en" else (nl, en)
            # nav.language names the other language on purpose.
            if key == "nav.language" or mine == theirs or len(theirs) < 4:
                continue
            pattern = as_pattern(theirs)
            mine_pattern = as_pattern(mine)
            for t in texts:
                if pattern.match(t) and not mine_pattern.match(t):
                    left.append((key, t))
        return left

    def test_english_leaves_no_dutch_and_dutch_no_english(self):
        table = string_table()
        self.assertGreater(len(table), 300)
        app = self.app()
        app.click("push button", "English")
        app.click("push button", "Try the demo")
        app.click("push button", "Last 7 days", timeout=60)
        app.click("push button", "Fetch changes")
        app.wait_text(re.compile(r"^\d+ of \d+ rows"), 90)
        screens = [("Changes", None), ("Enrol", "Step 1 of"), ("Outbox", None), ("Settings", "Settings")]
        for screen, marker in screens:
            app.click("toggle button", screen)
            if marker:
                app.wait_text(marker)
            time.sleep(0.5)
            self.assertEqual(self.other_language_left(app, table, "en", "nl"), [], screen)
        app.click("push button", "Nederlands")
        for screen, marker in [("Wijzigingen", None), ("Inschrijven", "Stap 1 van"), ("Outbox", None),
                               ("Instellingen", "Instellingen")]:
            app.click("toggle button", screen)
            if marker:
                app.wait_text(marker)
            time.sleep(0.5)
            self.assertEqual(self.other_language_left(app, table, "nl", "en"), [], screen)


class Result(unittest.TextTestResult):
    pass


if __name__ == "__main__":
    runner = unittest.TextTestRunner(verbosity=2, resultclass=Result)
    program = unittest.main(module=__name__, testRunner=runner, exit=False,
                            argv=[sys.argv[0], *sys.argv[1:]])
    r = program.result
    failed = len(r.failures) + len(r.errors)
    print(f"desktop: {r.testsRun - failed - len(r.skipped)} passed, {failed} failed, "
          f"{len(r.skipped)} skipped")
    sys.exit(1 if failed or r.testsRun == 0 else 0)

"""The planner's journeys on the real coachdesk binary, driven through the accessibility tree.
Run by `bash tests/desktop/run` (which prepares the desktop session); see harness.py."""

import csv
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

ROWS = re.compile(r"^(\d+) van (\d+) rijen, (\d+) geselecteerd$")


def rows_label(app):
    label = app.find("label", ROWS)
    m = ROWS.match(label.name)
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


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
        app.click("toggle button", "Instellingen")
        if app.query("push button", "Nieuw profiel"):
            app.click("push button", "Nieuw profiel")
        app.type_into("entry", "Naam van het profiel", name)
        app.click("radio button", "Eigen adres")
        app.type_into("entry", "Adres (URL)", sim.url)
        app.type_into("entry", "Client-id", client)
        app.type_into("password text", "Client secret", secret)
        app.click("push button", "Opslaan en verbinden")
        app.wait_text(f"Verbonden: {name} ({sim.url})")


class DemoBrowseTest(Journey):
    def test_first_start_demo_fetch_sort_filter_select_detail_export(self):
        app = self.app()
        app.click("push button", "Demo proberen")
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
        for row in table_rows(app):
            self.assertIn("Verwerkt", row)

        # Select a row: the status counts it and the detail pane shows it.
        first = app.all("table row")[0]
        record_id = first.name.split(",")[0].strip()
        app.click(name=first)
        wait_for(lambda: rows_label(app)[2] == 1, 10, "one selected row")
        app.wait_text(record_id)
        self.assertIsNone(app.query("label", "Selecteer een rij om de details te zien."))

        # Export the selection as CSV: no file dialog on this desktop, so a path field is offered.
        target = os.path.join(self.tmp, "selectie.csv")
        app.click("push button", "Exporteren (1 rijen)…")
        app.wait_text("Er kon geen bestandsvenster worden geopend")
        app.type_into("entry", "Pad voor de export", target)
        app.click("push button", "Opslaan")
        app.wait_text(f"1 rijen opgeslagen in {target}")
        with open(target, encoding="utf-8-sig") as f:
            data = list(csv.reader(f, delimiter=";"))
        self.assertEqual(len(data), 2, data)
        self.assertIn(record_id, data[1])

        # And as XLSX, to the folder proposed from the last export.
        app.click("combo box", "Exportformaat")
        app.click(name=re.compile("^XLSX$"))
        app.click("push button", "Exporteren (1 rijen)…")
        field = app.find("entry", "Pad voor de export")
        proposed = app.value(field)
        self.assertTrue(proposed.startswith(self.tmp), proposed)
        xlsx = os.path.join(self.tmp, "selectie.xlsx")
        app.type_into("entry", "Pad voor de export", xlsx)
        app.click("push button", "Opslaan")
        app.wait_text(f"1 rijen opgeslagen in {xlsx}")
        with zipfile.ZipFile(xlsx) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
            strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
        self.assertIn(record_id, sheet + strings)


def excel_rows(n):
    """What Excel puts on the clipboard for a header and `n` rows: tab-separated, CRLF."""
    lines = ["Voornaam\tTussenvoegsel\tAchternaam\tE-mailadres"]
    for i in range(1, n + 1):
        lines.append(f"Deelnemer{i}\t{'van' if i % 5 == 0 else ''}\tPlakker\tdeelnemer{i}@plak.nl")
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
        clipboard_put(excel_rows(25))
        paste = app.find(("entry", "text", "paragraph"), "Rijen uit Excel plakken")
        app.focus(paste)
        app.key("ctrl+v")
        app.wait_text("Kolommen herkend aan de kopregel")
        app.click("push button", "25 deelnemers toevoegen")
        app.find("label", "Deelnemer 25")
        self.assertEqual(len(app.all("entry", "Voornaam")), 25)
        reference = self.finish_and_send(app)
        sent = self.webaanvraag(sim, reference)
        self.assertEqual(sent["aantalDeelnemers"], 25)
        self.assertFalse(sent["contactpersoonIsDeelnemer"])

    def finish_and_send(self, app):
        """From the participants step: company step, review (with a reference of our own), send;
        returns the reference."""
        app.click("push button", "Volgende")
        app.find("label", re.compile(r"^Stap \d van \d+: Bedrijf"))
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

//! Strings for the worker's failures (`WorkerError`), one title/what/todo per cause: (key, Dutch, English).

/// This area's strings.
pub(super) static STRINGS: &[super::Entry] = &[
    (
        "werr.not_connected.title",
        "Geen verbinding",
        "Not connected",
    ),
    (
        "werr.not_connected.what",
        "Er is nog geen verbinding met Coachview, dus dit kon niet worden opgehaald of verstuurd.",
        "There is no connection to Coachview yet, so this could not be fetched or sent.",
    ),
    (
        "werr.not_connected.todo",
        "Verbind in Instellingen (of kies Demo proberen) en probeer het daarna opnieuw.",
        "Connect in Settings (or choose Try the demo), then try again.",
    ),
    (
        "werr.no_secret.title",
        "Geen client secret",
        "No client secret",
    ),
    (
        "werr.no_secret.what",
        "Voor dit profiel is geen client secret opgeslagen.",
        "No client secret is stored for this profile.",
    ),
    (
        "werr.no_secret.todo",
        "Vul het client secret in bij Instellingen en kies Opslaan; daarna wordt er verbonden.",
        "Enter the client secret in Settings and choose Save; coachdesk then connects.",
    ),
    (
        "werr.no_cursor.title",
        "Nog niet eerder opgehaald",
        "Not fetched before",
    ),
    (
        "werr.no_cursor.what",
        "{arg} is nog niet eerder gesynchroniseerd, dus er is geen 'sinds de vorige keer'.",
        "{arg} has not been synced before, so there is no 'since last time'.",
    ),
    (
        "werr.no_cursor.todo",
        "Kies eerst een periode en haal de wijzigingen op.",
        "Choose a date range first and fetch the changes.",
    ),
    (
        "werr.too_busy.title",
        "Te veel wijzigingen op één dag",
        "Too many changes on one day",
    ),
    (
        "werr.too_busy.what",
        "Op {day} zijn {count} wijzigingen, meer dan veilig kan worden opgehaald. Wat al binnen was, is bewaard.",
        "{day} holds {count} changes, more than can be fetched safely. What arrived is kept.",
    ),
    (
        "werr.too_busy.todo",
        "Haal de dagen ervoor en erna apart op, of vraag Coachview-support om een export van die dag.",
        "Fetch the days before and after separately, or ask Coachview support for an export of that day.",
    ),
    ("werr.paging.title", "Ophalen gestopt", "Fetch stopped"),
    (
        "werr.paging.what",
        "De gegevens konden niet veilig in delen worden opgehaald: {arg}. Wat al binnen was, is bewaard.",
        "The data could not be fetched safely in parts: {arg}. What arrived is kept.",
    ),
    (
        "werr.paging.todo",
        "Kies een kortere periode en probeer het opnieuw; blijft het gebeuren, stuur dan het logbestand naar support.",
        "Choose a shorter range and try again; if it keeps happening, send the log file to support.",
    ),
    (
        "werr.store.title",
        "De opslag op deze computer gaf een fout",
        "The storage on this computer failed",
    ),
    ("werr.store.what", "{arg}", "{arg}"),
    (
        "werr.store.todo",
        "Controleer of er schijfruimte is en of de map schrijfbaar is, en probeer het opnieuw. Er is niets verloren gegaan.",
        "Check that there is disk space and that the folder is writable, then try again. Nothing was lost.",
    ),
    (
        "werr.outbox_busy.title",
        "Er wordt al verstuurd",
        "Already sending",
    ),
    (
        "werr.outbox_busy.what",
        "Een ander coachdesk-venster of -opdracht verstuurt op dit moment uit dezelfde outbox.",
        "Another coachdesk window or command is sending from the same outbox right now.",
    ),
    (
        "werr.outbox_busy.todo",
        "Wacht tot dat klaar is; de outbox wordt daarna vanzelf bijgewerkt.",
        "Wait until it is done; the outbox is updated after that by itself.",
    ),
    (
        "werr.outbox_entry.title",
        "Deze aanmelding kan nu niet worden gewijzigd",
        "This enrolment cannot be changed now",
    ),
    ("werr.outbox_entry.what", "{arg}", "{arg}"),
    (
        "werr.outbox_entry.todo",
        "De lijst was niet meer actueel en is vernieuwd. Bekijk de aanmelding opnieuw.",
        "The list was out of date and has been refreshed. Look at the enrolment again.",
    ),
    (
        "werr.config.title",
        "Instellingen niet opgeslagen",
        "Settings not saved",
    ),
    ("werr.config.what", "{arg}", "{arg}"),
    (
        "werr.config.todo",
        "Uw instellingen staan nog in het scherm. Controleer of de instellingenmap schrijfbaar is en kies opnieuw Opslaan.",
        "Your settings are still on screen. Check that the settings folder is writable and choose Save again.",
    ),
    (
        "werr.draft.title",
        "Concept niet bewaard",
        "Draft not saved",
    ),
    ("werr.draft.what", "{arg}", "{arg}"),
    (
        "werr.draft.todo",
        "Wat u invulde staat nog in het scherm. Controleer of er schijfruimte is; het concept wordt bij de volgende wijziging opnieuw bewaard.",
        "What you entered is still on screen. Check that there is disk space; the draft is saved again at the next change.",
    ),
    (
        "werr.disk_full.title",
        "De schijf is vol",
        "The disk is full",
    ),
    (
        "werr.disk_full.what",
        "De schijf is vol: {arg} kon niet worden geschreven.",
        "The disk is full: {arg} could not be written.",
    ),
    (
        "werr.disk_full.todo",
        "Maak ruimte vrij of kies een andere plek en probeer het opnieuw. Een bestaand bestand is niet aangeraakt.",
        "Free some space or choose another place and try again. An existing file was not touched.",
    ),
    ("werr.file.title", "Bestand niet gelukt", "File failed"),
    ("werr.file.what", "{arg}", "{arg}"),
    (
        "werr.file.todo",
        "Controleer of het bestand niet in een ander programma (zoals Excel) openstaat en of u op die plek mag schrijven, of kies een andere plek.",
        "Check that the file is not open in another program (such as Excel) and that you may write there, or choose another place.",
    ),
    (
        "werr.internal.title",
        "Er ging iets mis in coachdesk",
        "Something went wrong in coachdesk",
    ),
    ("werr.internal.what", "{arg}", "{arg}"),
    (
        "werr.internal.todo",
        "Probeer het opnieuw. Gebeurt het weer, stuur dan het logbestand naar support.",
        "Try again. If it happens again, send the log file to support.",
    ),
    (
        "werr.cli_secret.todo",
        "Sla het secret op in de Instellingen van de app (of met coachdesk secret set), zet {env} of geef --secret-stdin mee.",
        "Store the secret in the app's Settings (or with coachdesk secret set), set {env}, or pass --secret-stdin.",
    ),
    ("werr.input.title", "Ongeldige invoer", "Invalid input"),
    ("werr.input.what", "{arg}", "{arg}"),
    (
        "werr.input.todo",
        "Verbeter de invoer en probeer het opnieuw. Er is niets verstuurd of gewijzigd.",
        "Correct the input and try again. Nothing was sent or changed.",
    ),
    (
        "session.reused.sent",
        "Deze aanmelding stond al in de wachtrij als item {id} en is op {at} verzonden (nummer {nummer}). Ze is niet nog een keer aangemeld.",
        "This enrolment was queued before as outbox entry {id} and was sent on {at} (number {nummer}). It was not enrolled twice.",
    ),
    (
        "session.reused.open",
        "Deze aanmelding staat al in de wachtrij als item {id} (sinds {at}). Ze is niet nog een keer aangemeld.",
        "This enrolment was queued before as outbox entry {id} (on {at}). It was not enrolled twice.",
    ),
    (
        "session.reused.again",
        "Gebruik --again om haar toch nog een keer aan te melden.",
        "Use --again to enrol once more.",
    ),
];

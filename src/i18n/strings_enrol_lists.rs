//! Strings for enrolling known people, companies and lists of participants: (key, Dutch, English).

/// This area's strings.
pub(super) static STRINGS: &[super::Entry] = &[
    (
        "job.lookup_people",
        "Personen opzoeken",
        "Looking up people",
    ),
    // Known people
    (
        "people.off_scope",
        "Opzoeken in Coachview staat uit voor deze sessie: deze koppeling mist het recht \
         Personen.Lezen. Vraag de beheerder van Coachview dit recht aan de koppeling toe te \
         voegen. U kunt gewoon verder typen; nieuwe personen worden dan als nieuw aangemeld.",
        "Looking people up in Coachview is off for this session: this connection lacks the \
         Personen.Lezen scope. Ask your Coachview administrator to add it to the connection. You \
         can keep typing; people are then enrolled as new.",
    ),
    (
        "people.off_filter",
        "Opzoeken in Coachview staat uit voor deze sessie: Coachview paste het filter op \
         e-mailadres niet toe, dus een gevonden persoon is niet betrouwbaar. U kunt gewoon \
         verder typen.",
        "Looking people up in Coachview is off for this session: Coachview did not apply the \
         e-mail filter, so a match cannot be trusted. You can keep typing.",
    ),
    (
        "people.count",
        "{n} keer opgezocht in Coachview (telt mee voor de daglimiet)",
        "Looked up in Coachview {n} times (counts against the daily limit)",
    ),
    (
        "people.linked",
        "Gekoppeld aan {name} in Coachview: er wordt geen nieuwe persoon aangemaakt.",
        "Linked to {name} in Coachview: no new person will be created.",
    ),
    ("people.unlink", "Ontkoppelen", "Unlink"),
    (
        "people.failed",
        "Opzoeken lukte niet: {why}",
        "The lookup failed: {why}",
    ),
    ("people.retry", "Opnieuw zoeken", "Search again"),
    (
        "people.searching",
        "Zoeken in Coachview…",
        "Searching Coachview…",
    ),
    (
        "people.known",
        "Bekend in Coachview: {who}",
        "Known in Coachview: {who}",
    ),
    (
        "people.known_inactive",
        "Bekend in Coachview (inactief): {who}",
        "Known in Coachview (inactive): {who}",
    ),
    ("people.use", "Gebruik {name}", "Use {name}"),
    (
        "people.unknown",
        "Niet bekend in Coachview: deze persoon wordt nieuw aangemeld.",
        "Not known in Coachview: this person is enrolled as new.",
    ),
    (
        "people.search_name",
        "Zoek op achternaam in Coachview",
        "Search Coachview by last name",
    ),
    // Participants from a list
    (
        "plist.title",
        "Deelnemers uit een lijst",
        "Participants from a list",
    ),
    (
        "plist.hint",
        "Kopieer de rijen in Excel en plak ze hieronder, met of zonder kopregel. Of importeer \
         een CSV- of Excel-bestand.",
        "Copy the rows in Excel and paste them below, with or without a header row. Or import a \
         CSV or Excel file.",
    ),
    (
        "plist.paste",
        "Rijen uit Excel plakken",
        "Paste rows from Excel",
    ),
    (
        "plist.import_file",
        "Bestand importeren (CSV/XLSX)…",
        "Import a file (CSV/XLSX)…",
    ),
    ("plist.file_filter", "Deelnemerslijst", "Participants list"),
    ("plist.from_file", "Uit {file}", "From {file}"),
    (
        "plist.encoding",
        "Gelezen als {encoding}",
        "Read as {encoding}",
    ),
    (
        "plist.by_header",
        "Kolommen herkend aan de kopregel: {columns}",
        "Columns matched by the header row: {columns}",
    ),
    (
        "plist.by_position",
        "Geen kopregel herkend: de kolommen zijn op volgorde gelezen als {columns}. Controleer \
         het voorbeeld voordat u de rijen toevoegt.",
        "No header row recognised: the columns were read in order as {columns}. Check the \
         preview before you add the rows.",
    ),
    (
        "plist.dropped",
        "{n} rijen zijn weggelaten: een lijst heeft hoogstens {max} rijen.",
        "{n} rows were left out: a list holds at most {max} rows.",
    ),
    (
        "plist.bad_rows",
        "{bad} van de {n} rijen hebben een fout. U kunt ze na het toevoegen hieronder \
         verbeteren of verwijderen; er wordt niets verstuurd zolang een rij fout is.",
        "{bad} of {n} rows have an error. After adding you can fix or remove them below; nothing \
         is sent while a row is wrong.",
    ),
    (
        "plist.add",
        "{n} deelnemers toevoegen",
        "Add {n} participants",
    ),
    ("plist.discard", "Lijst weggooien", "Discard the list"),
    ("plist.col.row", "Rij", "Row"),
    ("plist.col.status", "Controle", "Check"),
    ("plist.col.gender", "Geslacht", "Gender"),
    ("plist.col.ignored", "(niet gebruikt)", "(not used)"),
    ("plist.ok", "In orde", "OK"),
    ("plist.more", "… en nog {n} rijen", "… and {n} more rows"),
    (
        "plist.still_bad",
        "{n} deelnemers hebben nog een fout (nummer {rows}): verbeter of verwijder ze.",
        "{n} participants still have an error (number {rows}): fix or remove them.",
    ),
    // Recent and known companies
    ("recent.contacts", "Recent gebruikt:", "Recently used:"),
    (
        "recent.companies",
        "Recente bedrijven:",
        "Recent companies:",
    ),
    (
        "cpick.use_contacts",
        "Gebruik {name} (bedrijf van de contactpersoon)",
        "Use {name} (the contact person's company)",
    ),
    (
        "cpick.search",
        "Zoek een opgeslagen bedrijf",
        "Find a stored company",
    ),
    ("cpick.search_button", "Zoeken", "Search"),
    (
        "cpick.none_stored",
        "Geen opgeslagen bedrijf gevonden. Haal Bedrijven op in het wijzigingenoverzicht, of \
         typ hieronder een nieuw bedrijf.",
        "No stored company found. Fetch Bedrijven in the change browser, or type a new company \
         below.",
    ),
    // Seats
    (
        "seats.hide_full",
        "Volle opleidingen verbergen",
        "Hide full courses",
    ),
    (
        "seats.hidden",
        "{n} volle opleidingen verborgen",
        "{n} full courses hidden",
    ),
    ("seats.unknown_short", "onbekend", "unknown"),
    ("seats.label", "Plaatsen", "Seats"),
    (
        "seats.enough",
        "{free} vrij voor {n} personen",
        "{free} left for {n} people",
    ),
    (
        "seats.short",
        "Te weinig: {free} vrij voor {n} personen",
        "Too few: {free} left for {n} people",
    ),
    (
        "seats.unknown",
        "Onbekend (Coachview gaf geen aantal vrije plaatsen) voor {n} personen",
        "Unknown (Coachview gave no number of free seats) for {n} people",
    ),
    (
        "seats.waitlist",
        "Wachtlijst: nog geen plaatsen",
        "Waiting list: no seats yet",
    ),
];

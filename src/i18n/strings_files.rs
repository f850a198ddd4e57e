//! Strings for choosing a file (export, participants file) when no file dialog can be shown:
//! (key, Dutch, English).

/// This area's strings.
pub(super) static STRINGS: &[super::Entry] = &[
    (
        "path.no_dialog",
        "Er kon geen bestandsvenster worden geopend op deze computer (geen bureaublad-portal of zenity). Typ het pad van het bestand hieronder.",
        "No file dialog could be opened on this computer (no desktop portal or zenity). Type the file's path below.",
    ),
    ("path.cancel", "Annuleren", "Cancel"),
    (
        "browse.export_path",
        "Pad voor de export",
        "Path for the export",
    ),
    ("browse.export_path_save", "Opslaan", "Save"),
    ("plist.file_path", "Pad van het bestand", "Path of the file"),
    ("plist.file_open", "Openen", "Open"),
    ("browse.copy_field", "{label} kopiëren", "Copy {label}"),
    (
        "browse.rows_filtered",
        "{shown} van {total} rijen, filter '{filter}', {selected} geselecteerd",
        "{shown} of {total} rows, filter '{filter}', {selected} selected",
    ),
    ("value.yes", "ja", "yes"),
    ("value.no", "nee", "no"),
    ("status-word.nieuw", "Nieuw", "New"),
    ("status-word.inbehandeling", "In behandeling", "In progress"),
    ("status-word.verwerkt", "Verwerkt", "Processed"),
    ("status-word.geannuleerd", "Geannuleerd", "Cancelled"),
    ("status-word.afgewezen", "Afgewezen", "Rejected"),
    ("status-word.definitief", "Definitief", "Confirmed"),
    ("status-word.optie", "Optie", "Option"),
];

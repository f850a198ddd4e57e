//! Strings for renderer fallback, secrets from the command line, Windows: (key, Dutch, English).

/// This area's strings.
pub(super) static STRINGS: &[super::Entry] = &[
    (
        "renderer.none_worked",
        "coachdesk kon zijn venster niet tekenen: geen enkele grafische weergave werkte (geprobeerd: {tried}). Werk het stuurprogramma van de videokaart bij of vraag uw IT-afdeling om hulp. De opdrachtregel werkt zonder venster: coachdesk --help.",
        "coachdesk could not draw its window: no graphics renderer worked (tried: {tried}). Update the graphics driver or ask your IT department for help. The command line works without a window: coachdesk --help.",
    ),
    (
        "settings.renderer",
        "Weergave: {renderer}",
        "Renderer: {renderer}",
    ),
    ("settings.renderer_none", "geen venster", "no window"),
    (
        "secret.stored",
        "Het client secret voor client '{client}' bij {url} is opgeslagen in de sleutelbos van het systeem.",
        "The client secret for client '{client}' at {url} is stored in the system keyring.",
    ),
    (
        "secret.forgotten",
        "Het client secret voor client '{client}' bij {url} is verwijderd uit de sleutelbos.",
        "The client secret for client '{client}' at {url} was removed from the keyring.",
    ),
    (
        "secret.none_stored",
        "Er was geen client secret opgeslagen voor client '{client}' bij {url}; er is niets verwijderd.",
        "There was no secret stored for client '{client}' at {url}; nothing was removed.",
    ),
    (
        "secret.empty",
        "Geen secret ontvangen: geef het client secret op standaardinvoer (één regel), bijvoorbeeld via een pipe.",
        "No secret received: give the client secret on standard input (one line), for example through a pipe.",
    ),
    (
        "secret.read_failed",
        "Het secret kon niet van standaardinvoer worden gelezen ({error}).",
        "The secret could not be read from standard input ({error}).",
    ),
    (
        "secret.bad_url",
        "'{url}' is geen geldig adres: gebruik bijvoorbeeld https://secure.coachview.net.",
        "'{url}' is not a valid address: use for example https://secure.coachview.net.",
    ),
    (
        "secret.no_client",
        "Geef een client id op met --client-id.",
        "Give a client id with --client-id.",
    ),
    (
        "secret.keyring_failed",
        "De sleutelbos van het systeem kon niet worden gebruikt: {error}",
        "The system keyring could not be used: {error}",
    ),
];

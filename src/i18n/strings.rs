//! The string table: (key, Dutch, English). A test checks every key is unique and complete.

/// Every user-facing string.
pub static STRINGS: &[(&str, &str, &str)] = &[
    ("app.title", "coachdesk", "coachdesk"),
    // --- errors: title / what happened / what to do. {arg} and {path} are filled in.
    (
        "err.401.title",
        "Toegang geweigerd (401)",
        "Access refused (401)",
    ),
    (
        "err.401.what",
        "Coachview weigerde het toegangstoken. coachdesk heeft een nieuw token aangevraagd, maar ook dat werd geweigerd.",
        "Coachview refused the access token. coachdesk requested a new token, but that was refused too.",
    ),
    (
        "err.401.todo",
        "Controleer de client-id en het client secret in Instellingen, en of de client in Coachview nog actief is (pagina Autorisatie).",
        "Check the client id and client secret in Settings, and whether the client is still active in Coachview (authorization page).",
    ),
    ("err.403.title", "Geen rechten (403)", "No permission (403)"),
    (
        "err.403.what",
        "De API-client mist de scope {arg} voor dit verzoek.",
        "The API client lacks the scope {arg} for this request.",
    ),
    (
        "err.403.todo",
        "Vraag een Coachview-beheerder om de scope {arg} aan te vinken bij deze client op de pagina Autorisatie. Daarna werkt het zonder nieuw secret.",
        "Ask a Coachview administrator to tick the scope {arg} for this client on the authorization page. No new secret is needed.",
    ),
    ("err.403.unknown_scope", "(onbekend)", "(unknown)"),
    (
        "err.429.title",
        "Daglimiet bereikt (429)",
        "Daily limit reached (429)",
    ),
    (
        "err.429.what",
        "De limiet van {arg} verzoeken per 24 uur is op. coachdesk verstuurt niets tot de limiet is gereset.",
        "The limit of {arg} requests per 24 hours is used up. coachdesk sends nothing until the limit resets.",
    ),
    (
        "err.429.todo",
        "Wacht tot de teller hieronder op nul staat. Ingeplande inschrijvingen gaan daarna vanzelf de deur uit.",
        "Wait until the countdown below reaches zero. Queued enrolments go out automatically after the reset.",
    ),
    (
        "err.500.title",
        "Coachview kon het verzoek niet afmaken (500)",
        "Coachview could not finish the request (500)",
    ),
    (
        "err.500.what",
        "Meestal is dit een time-out bij een groot verzoek.",
        "Most often this is a timeout on a large request.",
    ),
    (
        "err.500.todo",
        "Kies een kortere periode of minder records. Blijft het gebeuren, neem dan contact op met support@coachview.net en stuur de details mee.",
        "Narrow the date range or choose fewer records. If it keeps happening, contact support@coachview.net and include the details.",
    ),
    (
        "err.5xx.title",
        "Coachview is tijdelijk niet beschikbaar ({arg})",
        "Coachview is temporarily unavailable ({arg})",
    ),
    (
        "err.5xx.what",
        "De server antwoordde met status {arg}. Er is niets verloren gegaan.",
        "The server answered with status {arg}. Nothing was lost.",
    ),
    (
        "err.5xx.todo",
        "Probeer het over een paar minuten opnieuw.",
        "Try again in a few minutes.",
    ),
    (
        "err.timeout.title",
        "Geen antwoord van Coachview",
        "No answer from Coachview",
    ),
    (
        "err.timeout.what",
        "Het verzoek duurde te lang. Er is niets verloren gegaan.",
        "The request took too long. Nothing was lost.",
    ),
    (
        "err.timeout.todo",
        "Probeer het opnieuw, eventueel met een kortere periode.",
        "Try again, perhaps with a shorter date range.",
    ),
    (
        "err.network.title",
        "Geen verbinding met Coachview",
        "No connection to Coachview",
    ),
    (
        "err.network.what",
        "coachdesk kon Coachview niet bereiken. Er is niets verloren gegaan; inschrijvingen wachten in de outbox.",
        "coachdesk could not reach Coachview. Nothing was lost; enrolments wait in the outbox.",
    ),
    (
        "err.network.todo",
        "Controleer de internetverbinding en het adres in Instellingen, en probeer het opnieuw.",
        "Check the internet connection and the address in Settings, and try again.",
    ),
    (
        "err.tls.title",
        "Beveiligde verbinding mislukt",
        "Secure connection failed",
    ),
    (
        "err.tls.what",
        "Het certificaat van de server kon niet worden gecontroleerd. Er is niets verloren gegaan.",
        "The server's certificate could not be verified. Nothing was lost.",
    ),
    (
        "err.tls.todo",
        "Controleer het adres in Instellingen; vraag IT of een proxy of bedrijfscertificaat het verkeer onderschept.",
        "Check the address in Settings; ask IT whether a proxy or company certificate intercepts the traffic.",
    ),
    (
        "err.400.title",
        "Coachview wees de gegevens af",
        "Coachview rejected the data",
    ),
    (
        "err.400.what",
        "De server meldde: {arg}",
        "The server said: {arg}",
    ),
    (
        "err.400.todo",
        "Verbeter de gemarkeerde velden en verstuur opnieuw.",
        "Correct the marked fields and send again.",
    ),
    (
        "err.decode.title",
        "Onverwacht antwoord van Coachview",
        "Unexpected answer from Coachview",
    ),
    (
        "err.decode.what",
        "Een deel van het antwoord kon niet worden gelezen (bij {arg}). De rest is bewaard.",
        "Part of the answer could not be read (at {arg}). The rest was kept.",
    ),
    (
        "err.decode.todo",
        "Probeer het opnieuw; blijft het gebeuren, kopieer de details voor support.",
        "Try again; if it keeps happening, copy the details for support.",
    ),
    (
        "err.unexpected.title",
        "Onverwachte status ({arg})",
        "Unexpected status ({arg})",
    ),
    (
        "err.unexpected.what",
        "Coachview antwoordde met status {arg}. Er is niets verloren gegaan.",
        "Coachview answered with status {arg}. Nothing was lost.",
    ),
    (
        "err.unexpected.todo",
        "Probeer het opnieuw; blijft het gebeuren, kopieer de details voor support.",
        "Try again; if it keeps happening, copy the details for support.",
    ),
    ("err.cancelled.title", "Geannuleerd", "Cancelled"),
    (
        "err.cancelled.what",
        "De taak is gestopt op uw verzoek. Wat al binnen was, is bewaard.",
        "The job stopped at your request. What had arrived was kept.",
    ),
    (
        "err.cancelled.todo",
        "Start de taak opnieuw om de rest op te halen.",
        "Start the job again to fetch the rest.",
    ),
    (
        "err.keyring.none.title",
        "Geen sleutelbos beschikbaar",
        "No keyring available",
    ),
    (
        "err.keyring.none.what",
        "coachdesk bewaart het client secret alleen in de sleutelbos van het besturingssysteem, maar die is niet bereikbaar ({arg}). Het secret is NIET opgeslagen.",
        "coachdesk keeps the client secret only in the operating system's keyring, but it cannot be reached ({arg}). The secret was NOT stored.",
    ),
    (
        "err.keyring.none.todo",
        "Start op Linux gnome-keyring of KWallet (een Secret Service) en probeer opnieuw, of gebruik het secret alleen voor deze sessie.",
        "On Linux, start gnome-keyring or KWallet (a Secret Service) and try again, or use the secret for this session only.",
    ),
    (
        "err.keyring.locked.title",
        "Sleutelbos is vergrendeld",
        "Keyring is locked",
    ),
    (
        "err.keyring.locked.what",
        "De sleutelbos weigerde toegang ({arg}). Het secret is niet opgeslagen of gelezen.",
        "The keyring refused access ({arg}). The secret was not stored or read.",
    ),
    (
        "err.keyring.locked.todo",
        "Ontgrendel de sleutelbos (log opnieuw in of open het sleutelbosprogramma) en probeer opnieuw.",
        "Unlock the keyring (log in again or open the keyring app) and try again.",
    ),
    ("err.keyring.other.title", "Sleutelbosfout", "Keyring error"),
    (
        "err.keyring.other.what",
        "De sleutelbos gaf een fout: {arg}",
        "The keyring reported an error: {arg}",
    ),
    (
        "err.keyring.other.todo",
        "Probeer het opnieuw, of gebruik het secret alleen voor deze sessie.",
        "Try again, or use the secret for this session only.",
    ),
    (
        "err.local.title",
        "Er ging iets mis op deze computer",
        "Something went wrong on this computer",
    ),
    ("err.local.what", "{arg}", "{arg}"),
    (
        "err.local.todo",
        "Controleer of er schijfruimte is en of de map schrijfbaar is, en probeer het opnieuw. Er is niets verloren gegaan.",
        "Check that there is disk space and the folder is writable, and try again. Nothing was lost.",
    ),
];

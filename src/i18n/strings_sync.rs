//! Strings of the sync's proofs (issue 19): why a window could not be proven complete, and what
//! the planner can do. (key, Dutch, English).

use super::Entry;

pub(super) static STRINGS: &[Entry] = &[
    (
        "gap.short.title",
        "Niet alle records konden worden gelezen",
        "Not every record could be read",
    ),
    (
        "gap.short.what",
        "{missing} van de {count} records van {day} konden niet worden gelezen. Coachview telde ze wel, maar stuurde ze niet mee, ook niet bij een tweede poging. Wat al was opgeslagen, is bewaard en niets is verwijderd.",
        "{missing} of the {count} records of {day} could not be read. Coachview counted them but did not send them, not even on a second try. What was stored before is kept and nothing was removed.",
    ),
    (
        "gap.short.todo",
        "Probeer het later opnieuw. Ontbreken ze dan nog steeds, stuur het logbestand naar support@coachview.net en noem de dag.",
        "Try again later. If they are still missing, send the log file to support@coachview.net and name the day.",
    ),
    (
        "gap.no_progress.title",
        "Coachview stuurde steeds dezelfde records",
        "Coachview kept sending the same records",
    ),
    (
        "gap.no_progress.what",
        "Voor {day} stuurde Coachview records die al binnen waren in plaats van de volgende. Het ophalen is gestopt om geen verzoeken te verspillen; wat al binnen was, is bewaard.",
        "For {day} Coachview sent records that had already arrived instead of the next ones. The fetch was stopped so as not to waste requests; what arrived is kept.",
    ),
    (
        "gap.no_progress.todo",
        "Voer de tenanttest opnieuw uit (Instellingen) en probeer het daarna opnieuw; blijft het gebeuren, stuur dan het logbestand naar support.",
        "Run the tenant check again (Settings) and try again; if it keeps happening, send the log file to support.",
    ),
    (
        "gap.back_in_time.title",
        "Coachview stuurde de records in de verkeerde volgorde",
        "Coachview sent the records out of order",
    ),
    (
        "gap.back_in_time.what",
        "Voor {day} gingen de pagina's van Coachview terug in de tijd, terwijl op wijzigingstijd was gesorteerd. Zo is niet te bewijzen dat alles binnen is; wat al binnen was, is bewaard.",
        "For {day} Coachview's pages went back in time although they were sorted by change time. That way it cannot be proven that everything arrived; what arrived is kept.",
    ),
    (
        "gap.back_in_time.todo",
        "Haal die dag later opnieuw op; blijft het gebeuren, voer dan de tenanttest opnieuw uit en stuur het rapport naar support.",
        "Fetch that day again later; if it keeps happening, run the tenant check again and send its report to support.",
    ),
    (
        "gap.absurd_count.title",
        "Coachview gaf een onmogelijk aantal",
        "Coachview gave an impossible count",
    ),
    (
        "gap.absurd_count.what",
        "Coachview telt {count} records voor {day}. Dat kan niet kloppen, dus is er niets op gebouwd; wat al binnen was, is bewaard.",
        "Coachview counts {count} records for {day}. That cannot be right, so nothing was built on it; what arrived is kept.",
    ),
    (
        "gap.absurd_count.todo",
        "Probeer het later opnieuw met een kortere periode; blijft het gebeuren, stuur het logbestand naar support@coachview.net.",
        "Try again later with a shorter range; if it keeps happening, send the log file to support@coachview.net.",
    ),
    (
        "gap.server_error.title",
        "Coachview gaf een fout bij het ophalen van één dag",
        "Coachview gave an error fetching one day",
    ),
    (
        "gap.server_error.what",
        "Coachview antwoordde met een fout (500) op de wijzigingen van {day}, meestal een time-out. Kleinere delen dan een dag kunnen bij deze Coachview niet worden gevraagd. Wat al binnen was, is bewaard.",
        "Coachview answered with an error (500) for the changes of {day}, usually a timeout. This Coachview cannot be asked for parts smaller than a day. What arrived is kept.",
    ),
    (
        "gap.server_error.todo",
        "Probeer het buiten kantooruren opnieuw. Blijft het gebeuren, neem dan contact op met support@coachview.net, noem de dag en stuur de details mee.",
        "Try again outside office hours. If it keeps happening, contact support@coachview.net, name the day and include the details.",
    ),
    (
        "gap.tiny_pages.title",
        "Coachview stuurt te weinig records per pagina",
        "Coachview sends too few records a page",
    ),
    (
        "gap.tiny_pages.what",
        "Coachview stuurt {missing} record(s) per pagina; de {count} records van {day} zouden honderden verzoeken kosten. Het ophalen is gestopt om de daglimiet te sparen; wat al binnen was, is bewaard.",
        "Coachview sends {missing} record(s) a page; the {count} records of {day} would cost hundreds of requests. The fetch was stopped to spare the daily limit; what arrived is kept.",
    ),
    (
        "gap.tiny_pages.todo",
        "Kies een kortere periode; blijft het gebeuren, stuur het logbestand naar support@coachview.net.",
        "Choose a shorter range; if it keeps happening, send the log file to support@coachview.net.",
    ),
    (
        "tenant.fact.desc",
        "Sorteren van nieuw naar oud (orderby … desc)",
        "Sorting newest first (orderby … desc)",
    ),
    (
        "tenant.fact.extra",
        "Berekende velden (InclusiefExtraVelden)",
        "Computed fields (InclusiefExtraVelden)",
    ),
    (
        "err.429_later.title",
        "Coachview weigert tijdelijk verzoeken (429)",
        "Coachview refuses requests for now (429)",
    ),
    (
        "err.429_later.what",
        "Coachview gaf geen tijd waarop het weer verzoeken aanneemt. coachdesk heeft één keer gewacht; daarna weigerde Coachview nog steeds.",
        "Coachview did not say when it accepts requests again. coachdesk waited once; after that Coachview still refused.",
    ),
    (
        "err.429_later.todo",
        "Probeer het later opnieuw, bijvoorbeeld over een uur. Wat al binnen was, is bewaard.",
        "Try again later, for example in an hour. What arrived is kept.",
    ),
];

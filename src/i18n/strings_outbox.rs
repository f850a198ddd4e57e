//! Strings of the outbox's exactly-once rules: lookups that cannot tell, a POST that keeps
//! failing, and the command line's wait for the reconcile delay.

use super::Entry;

/// (key, Dutch, English).
pub(super) static STRINGS: &[Entry] = &[
    (
        "outbox.held.cannot_tell.refused",
        "Vastgehouden: deze Coachview-omgeving kan webaanvragen niet op referentie zoeken (zie 'Test verbinding'), dus coachdesk kan niet zien of een eerdere poging is aangekomen. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.",
        "Held: this Coachview environment cannot find webaanvragen by reference (see 'Test connection'), so coachdesk cannot see whether an earlier try arrived. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.",
    ),
    (
        "outbox.held.cannot_tell.ignored",
        "Vastgehouden: Coachview negeerde het zoeken op referentie (er kwamen andere referenties terug), dus coachdesk kan niet zien of een eerdere poging is aangekomen. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.",
        "Held: Coachview ignored the search by reference (other references came back), so coachdesk cannot see whether an earlier try arrived. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.",
    ),
    (
        "outbox.held.cannot_tell.too_many",
        "Vastgehouden: te veel webaanvragen in Coachview hebben deze referentie om te zien of een eerdere poging is aangekomen. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.",
        "Held: too many webaanvragen in Coachview share this reference to see whether an earlier try arrived. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.",
    ),
    (
        "outbox.held.server_errors",
        "Coachview geeft een fout op deze inschrijving; neem contact op met support@coachview.net met deze gegevens: fout {status}, {tries} pogingen, referentie {reference}, laatst om {at} (UTC). coachdesk probeert het niet meer vanzelf; 'Nu verzenden' probeert het nog één keer.",
        "Coachview gives an error on this enrolment; contact support@coachview.net with these details: error {status}, {tries} tries, reference {reference}, last at {at} (UTC). coachdesk does not try again by itself; 'Send now' tries once more.",
    ),
    (
        "cli.outbox.waiting",
        "Wacht {secs} s tot {count} inschrijving(en) opnieuw gecontroleerd of verzonden mogen worden (om {at})…",
        "Waiting {secs} s until {count} enrolment(s) may be checked or sent again (at {at})…",
    ),
    (
        "cli.outbox.still_open",
        "Nog open: {count} inschrijving(en), zie hieronder.",
        "Still open: {count} enrolment(s), see below.",
    ),
];

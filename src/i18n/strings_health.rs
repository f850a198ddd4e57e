//! Strings of the "one way to translate" work (issue 11 point 3): sentences that engines used to
//! word themselves and now return as typed facts for the UI and the CLI to word.

use super::Entry;

pub(super) static STRINGS: &[Entry] = &[
    (
        "sync.missing",
        "records gewijzigd van {from} tot {to}",
        "records changed from {from} up to {to}",
    ),
    (
        "sync.incomplete",
        "onvolledig, niet opgehaald: {missing}",
        "incomplete, not fetched: {missing}",
    ),
    (
        "scenario.self.label",
        "Een deelnemer schrijft zichzelf in",
        "A participant enrols themself",
    ),
    (
        "scenario.employees.label",
        "Een contactpersoon schrijft medewerkers in",
        "A contact person enrols employees",
    ),
    (
        "scenario.self_and_employees.label",
        "Een contactpersoon schrijft zichzelf en medewerkers in",
        "A contact person enrols themself and employees",
    ),
    (
        "scenario.self.explanation",
        "Kies dit als de persoon die de opleiding volgt zich zelf aanmeldt. U vult alleen de gegevens van die persoon in; die is tegelijk contactpersoon en deelnemer.",
        "Choose this when the person taking the course signs up themself. You fill in only that person's details; they are both the contact person and the participant.",
    ),
    (
        "scenario.employees.explanation",
        "Kies dit als iemand (bijvoorbeeld een leidinggevende of HR) collega's aanmeldt, maar zelf niet meedoet. U vult de contactpersoon in en daarna de deelnemers.",
        "Choose this when someone (a manager or HR, say) signs up colleagues but does not take part. You fill in the contact person, then the participants.",
    ),
    (
        "scenario.self_and_employees.explanation",
        "Kies dit als de contactpersoon collega's aanmeldt en zelf ook meedoet. De contactpersoon staat dan automatisch ook bij de deelnemers.",
        "Choose this when the contact person signs up colleagues and takes part too. The contact person is then added to the participants automatically.",
    ),
    ("step.course", "Opleiding", "Course"),
    ("step.scenario", "Wie schrijft in", "Who enrols"),
    ("step.contact", "Contactpersoon", "Contact person"),
    ("step.participants", "Deelnemers", "Participants"),
    ("step.company", "Bedrijf en factuur", "Company and invoice"),
    ("step.review", "Controleren", "Review"),
    ("step.send", "Versturen", "Send"),
    (
        "issue.required",
        "Vul dit veld in.",
        "Please fill in this field.",
    ),
    (
        "issue.last_name_required",
        "Vul de achternaam in.",
        "Please enter the last name.",
    ),
    (
        "issue.first_name_required",
        "Vul de voornaam of de voorletters in.",
        "Please enter the first name or the initials.",
    ),
    (
        "issue.email_required",
        "Vul het e-mailadres van de contactpersoon in.",
        "Please enter the contact person's e-mail address.",
    ),
    (
        "issue.invalid_email",
        "Dit is geen geldig e-mailadres (voorbeeld: naam@bedrijf.nl).",
        "This is not a valid e-mail address (example: name@company.com).",
    ),
    (
        "issue.invalid_postcode",
        "Een Nederlandse postcode is vier cijfers en twee letters, zoals 1234 AB.",
        "A Dutch postcode is four digits and two letters, like 1234 AB.",
    ),
    (
        "issue.phone_characters",
        "Gebruik alleen cijfers, spaties, streepjes en een + aan het begin.",
        "Use only digits, spaces, dashes and a + at the start.",
    ),
    (
        "issue.phone_dutch_length",
        "Een Nederlands telefoonnummer heeft 10 cijfers (06 12345678) of +31 en 9 cijfers.",
        "A Dutch phone number has 10 digits (06 12345678) or +31 and 9 digits.",
    ),
    (
        "issue.phone_length",
        "Dit telefoonnummer heeft te weinig of te veel cijfers.",
        "This phone number has too few or too many digits.",
    ),
    (
        "issue.invalid_date",
        "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-05-1990.",
        "Write the date as dd-mm-yyyy, for example 01-05-1990.",
    ),
    (
        "issue.birth_date_not_in_past",
        "De geboortedatum moet in het verleden liggen.",
        "The date of birth must be in the past.",
    ),
    (
        "issue.contact_listed_as_employee",
        "De contactpersoon staat ook bij de deelnemers. Doet de contactpersoon zelf mee? Kies dan 'Contactpersoon schrijft zichzelf en medewerkers in'.",
        "The contact person is also listed as a participant. Does the contact person take part? Then choose 'A contact person enrols themself and employees'.",
    ),
    (
        "issue.no_course",
        "Kies eerst een opleiding.",
        "Please choose a course first.",
    ),
    (
        "issue.no_scenario",
        "Kies wie er inschrijft.",
        "Please choose who is enrolling.",
    ),
    (
        "issue.no_participants",
        "Voeg ten minste één deelnemer toe.",
        "Please add at least one participant.",
    ),
    (
        "issue.invalid_iban",
        "Dit IBAN klopt niet (controleer de cijfers).",
        "This IBAN is not valid (check the digits).",
    ),
    (
        "issue.invalid_reference",
        "Het referentienummer mag hoogstens 50 tekens hebben en geen ; , = & of # bevatten.",
        "The reference may have at most 50 characters and no ; , = & or #.",
    ),
    (
        "issue.duplicate_person",
        "Deze persoon staat er al in ({first}): zelfde e-mailadres of zelfde naam en geboortedatum.",
        "This person is already listed ({first}): same e-mail address or same name and date of birth.",
    ),
    (
        "issue.more_than_free_seats",
        "Er zijn nog {free} plaatsen vrij en u schrijft {wanted} personen in. Coachview kan deelnemers op de wachtlijst zetten.",
        "There are {free} free seats and you are enrolling {wanted} people. Coachview may put participants on the waiting list.",
    ),
    (
        "issue.number_of_people_mismatch",
        "aantalPersonen is {stated}, maar er zijn {counted} deelnemers.",
        "aantalPersonen is {stated}, but there are {counted} participants.",
    ),
    (
        "issue.wrong_type",
        "Verwacht: {expected}.",
        "Expected: {expected}.",
    ),
    ("issue.warning_tag", " (waarschuwing)", " (warning)"),
    ("issue.whole_enrolment", "(webaanvraag)", "(webaanvraag)"),
    ("issue.contact_person", "contactpersoon", "contact person"),
    ("issue.participant_n", "deelnemer {n}", "participant {n}"),
    (
        "outbox.status.pending",
        "Wacht op verzenden",
        "Waiting to be sent",
    ),
    ("outbox.status.sending", "Wordt verzonden", "Being sent"),
    (
        "outbox.status.sent",
        "Verzonden (nummer {nummer})",
        "Sent (number {nummer})",
    ),
    (
        "outbox.status.needs_fix",
        "Moet aangepast worden",
        "Needs fixing",
    ),
    (
        "outbox.status.waiting",
        "Daglimiet bereikt, wacht tot {at}",
        "Daily limit reached, waiting until {at}",
    ),
    ("outbox.status.discarded", "Verwijderd", "Discarded"),
    (
        "outbox.status.damaged",
        "Beschadigd: deze regel in het postvak is onleesbaar en wordt niet verzonden; de gegevens blijven bewaard ({problem}).",
        "Damaged: this outbox row cannot be read and is not sent; its data is kept ({problem}).",
    ),
    (
        "outbox.held.401",
        "Vastgehouden: Coachview weigert de inloggegevens (401). Controleer client-id en secret.",
        "Held: Coachview refuses the credentials (401). Check the client id and secret.",
    ),
    (
        "outbox.held.403",
        "Vastgehouden: de API-client mist de scope {scope} (403).",
        "Held: the API client lacks the scope {scope} (403).",
    ),
    (
        "outbox.held.413",
        "Coachview vindt de inschrijving te groot (413). Maak lange teksten korter en verstuur opnieuw.",
        "Coachview finds the enrolment too large (413). Shorten long texts and send again.",
    ),
    (
        "outbox.held.redirect",
        "Vastgehouden: Coachview stuurde door ({status}) in plaats van de inschrijving te bevestigen. Misschien is ze toch aangekomen: kijk in Coachview voordat u opnieuw verstuurt.",
        "Held: Coachview redirected ({status}) instead of confirming the enrolment. It may have arrived: check in Coachview before sending again.",
    ),
    (
        "outbox.held.unexpected",
        "Vastgehouden: onverwacht antwoord {status} van Coachview. Controleer het adres van de verbinding.",
        "Held: unexpected answer {status} from Coachview. Check the connection's address.",
    ),
    (
        "outbox.held.unconfirmed",
        "Vastgehouden: Coachview heeft een webaanvraag (nummer {nummer}) met deze referentie, maar coachdesk kan niet bewijzen dat het deze inschrijving is. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.",
        "Held: Coachview has a webaanvraag (number {nummer}) with this reference, but coachdesk cannot prove it is this enrolment. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.",
    ),
    (
        "outbox.fail.network",
        "Geen verbinding met Coachview ({detail}).",
        "No connection to Coachview ({detail}).",
    ),
    (
        "outbox.fail.network_sent",
        "De verbinding viel weg tijdens het verzenden ({detail}); voor een nieuwe poging wordt eerst nagekeken of het toch is aangekomen.",
        "The connection dropped while sending ({detail}); before trying again coachdesk checks whether it arrived after all.",
    ),
    (
        "outbox.fail.timeout",
        "Coachview antwoordde niet op tijd; voor een nieuwe poging wordt eerst nagekeken of het toch is aangekomen.",
        "Coachview did not answer in time; before trying again coachdesk checks whether it arrived after all.",
    ),
    (
        "outbox.fail.server",
        "Coachview had een storing ({status}). Later opnieuw proberen.",
        "Coachview had a failure ({status}). Will try again later.",
    ),
    (
        "outbox.fail.429",
        "De daglimiet van Coachview is bereikt (429).",
        "Coachview's daily request limit was reached (429).",
    ),
    (
        "outbox.fail.rejected",
        "Coachview keurde de inschrijving af: {title} ({fields} velden).",
        "Coachview rejected the enrolment: {title} ({fields} fields).",
    ),
    (
        "outbox.fail.unreadable",
        "Coachview gaf een onleesbaar antwoord ({detail}).",
        "Coachview gave an unreadable answer ({detail}).",
    ),
    (
        "outbox.fail.interrupted",
        "coachdesk werd gestopt tijdens het verzenden; er wordt eerst nagekeken of het is aangekomen.",
        "coachdesk was stopped while sending; it first checks whether the enrolment arrived.",
    ),
    (
        "outbox.fail.cancelled",
        "Verzenden afgebroken.",
        "Sending was cancelled.",
    ),
    (
        "outbox.fail.lookup",
        "Nakijken of de inschrijving al is aangekomen lukte niet: {inner}",
        "Checking whether the enrolment already arrived failed: {inner}",
    ),
];

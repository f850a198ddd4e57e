# coachdesk's user-facing strings. Each message's id is the key the code uses, with
# dots written as dashes (browse.export -> browse-export). Variables are { $name };
# counts choose their plural with [one] / *[other] (CLDR rules of this language).

## app

app-no_window = coachdesk kon zijn venster niet openen: { $error }. Start coachdesk op een bureaublad (met een beeldscherm), of gebruik de opdrachtregel: coachdesk --help.

## nav

nav-browse = Wijzigingen
nav-enrol = Inschrijven
nav-outbox = Outbox
nav-settings = Instellingen
nav-notices = Meldingen
nav-language = English

## dialog

dialog-close = Sluiten
dialog-copy_details = Details kopiëren
dialog-countdown = Reset over:

## damaged files

damaged-profiles-title = Verbindingen konden niet worden gelezen
damaged-profiles-what = Het bestand met verbindingen was beschadigd. Het is bewaard als { $path } en wordt niet overschreven.
damaged-draft-title = Concept-inschrijving kon niet worden gelezen
damaged-draft-what = De bewaarde concept-inschrijving was beschadigd. Ze is bewaard als { $path } en wordt niet overschreven.
damaged-todo = Maak de verbinding of inschrijving opnieuw, of stuur het bestand { $path } naar support.

## notices

notices-clear = Meldingen wissen
notices-empty = Geen meldingen.

## job

job-cancel = Annuleren
job-export = Exporteren
job-export_names = Namen opzoeken voor de export
job-fetch = Ophalen
job-lookup_people = Personen opzoeken

## status

status-disconnected = Niet verbonden
status-connecting = Verbinden…
status-connected = Verbonden: { $label } ({ $url })
status-connected_demo = Demo: { $label } (ingebouwde simulator)
status-requests_left = Verzoeken over: { $left } van { $limit } (reset { $reset })
status-profile = Profiel: { $name }
status-profile_none = Geen profiel
status-profile_demo = Demo
status-profile_manage = Profielen beheren…

## welcome

welcome-title = Welkom bij coachdesk
welcome-intro = Zie wat er in Coachview is veranderd, schrijf mensen in en raak nooit een inschrijving kwijt.
welcome-demo = Demo proberen
welcome-demo_hint = Start een ingebouwde Coachview-simulator met voorbeeldgegevens. Er gaat niets naar Coachview.
welcome-connect = Verbinden met Coachview

## browse

browse-resource = Onderdeel
browse-from = Van
browse-to = Tot en met
browse-today = Vandaag
browse-yesterday = Gisteren
browse-last7 = Laatste 7 dagen
browse-this_month = Deze maand
browse-fetch = Wijzigingen ophalen
browse-since_last = Sinds laatste synchronisatie
browse-cancel_fetch = Ophalen annuleren
browse-estimating = Kosten inschatten…
browse-estimate_warn = Ongeveer { $records } { $records ->
        [one] record
       *[other] records
    }, { $requests } { $requests ->
        [one] verzoek
       *[other] verzoeken
    }; er zijn er vandaag nog { $left } over.
browse-fetch_anyway = Toch ophalen
browse-dont_fetch = Niet ophalen
browse-filter = Filter
browse-clear_day = Dagfilter { $day } wissen
browse-rows = { $shown } van { $total } { $total ->
        [one] rij
       *[other] rijen
    }, { $selected } geselecteerd
browse-select_all = Alles selecteren
browse-select_none = Niets selecteren
browse-columns = Kolommen
browse-columns_default = Standaardkolommen
browse-export_format = Exportformaat
browse-export_selection = Alleen selectie
browse-decimal_comma = Decimale komma
browse-export = Exporteren ({ $n } { $n ->
        [one] rij
       *[other] rijen
    })…
browse-exported = { $n } { $n ->
        [one] rij
       *[other] rijen
    } opgeslagen in { $path }
browse-exported_unnamed = { $n ->
    [one] 1 id staat zonder naam in het bestand: Coachview kon niet worden gevraagd. Exporteer opnieuw als de verbinding er weer is.
   *[other] { $n } ids staan zonder naam in het bestand: Coachview kon niet worden gevraagd. Exporteer opnieuw als de verbinding er weer is.
    }
browse-open_folder = Map openen
browse-as_of = Gegevens van { $time }
browse-fetched = { $records } { $records ->
        [one] record
       *[other] records
    } opgehaald met { $requests } { $requests ->
        [one] verzoek
       *[other] verzoeken
    } in { $windows } { $windows ->
        [one] venster
       *[other] vensters
    }.
browse-partial = Onvolledig: { $records } { $records ->
        [one] record
       *[other] records
    } binnen, niet opgehaald: { $missing }. Wat binnen is, blijft bewaard.
browse-empty = Geen records. Kies een periode en haal de wijzigingen op.
browse-details = Details
browse-no_selection = Selecteer een rij om de details te zien.
browse-record = Record
browse-copy = Kopiëren
browse-copy_hint = Waarde naar het klembord kopiëren
browse-chart = Wijzigingen per dag
browse-no_related = Geen gerelateerde records voor dit onderdeel.
browse-related = { $resource } van { $n } geselecteerde ophalen
browse-related_count = { $n } { $resource }
browse-outside_range = { $n } opgeslagen rijen buiten dit bereik
browse-outside_range_hint = Deze rijen staan wel in de lokale opslag, maar vallen buiten de gekozen datums. Kies een ruimer bereik om ze te zien.
browse-column_choice = { $label } ({ $path })
browse-export_field_paths = Veldpaden als kolomkoppen
browse-export_field_paths_hint = Voor koppelingen: kopregel met de Coachview-veldnamen (bijv. aanvraagStatusId) in plaats van leesbare namen.
browse-change_new = Nieuw
browse-change_none = Alleen administratief
browse-first_seen = Nieuw: dit record is voor het eerst gezien; er is nog geen eerdere versie.
browse-change_heading = Wijziging { $n } van { $total } (nieuwste eerst)
browse-change_when = Gewijzigd op { $when } door { $who }
browse-before_after = { $before } -> { $after }
browse-older_change = Eerdere wijziging
browse-newer_change = Latere wijziging
browse-views = Weergaven
browse-views_none = Nog geen opgeslagen weergaven.
browse-view_open = Openen: { $name }
browse-view_remove = Verwijderen: { $name }
browse-view_name = Naam weergave:
browse-view_save = Huidige weergave opslaan
browse-related_warn = De gerelateerde records van { $n } geselecteerde rijen ophalen kost ongeveer { $requests } { $requests ->
        [one] verzoek
       *[other] verzoeken
    }; er zijn er nog { $left } over vandaag.
browse-related_anyway = Gerelateerde toch ophalen
browse-export_path = Pad voor de export
browse-export_path_save = Opslaan
browse-copy_field = { $label } kopiëren
browse-rows_filtered = { $shown } van { $total } { $total ->
        [one] rij
       *[other] rijen
    }, filter '{ $filter }', { $selected } geselecteerd

## settings

settings-warn_share = Vraag bevestiging als ophalen meer kost dan dit deel van de resterende verzoeken
settings-parallel = Gelijktijdige verzoeken
settings-open_logs = Logmap openen
settings-copy_diagnostics = Diagnose kopiëren
settings-where =
    Instellingen: { $config }
    Gegevens: { $data }
    Logs: { $logs }
settings-title = Instellingen
settings-language = Taal
settings-profiles = Profielen
settings-name = Naam van het profiel
settings-environment = Omgeving
settings-env_live = Live (secure.coachview.net)
settings-env_training = Training (training.coachview.net)
settings-env_custom = Eigen adres
settings-custom_url = Adres (URL)
settings-client_id = Client-id
settings-scopes = Scopes (leeg = alle scopes van de client)
settings-secret = Client secret
settings-secret_hint = Het secret wordt alleen in de sleutelbos van het besturingssysteem bewaard, nooit in een bestand.
settings-save = Opslaan
settings-connect = Opslaan en verbinden
settings-forget_secret = Secret vergeten
settings-secret_done = Sleutelbos bijgewerkt.
settings-keyring_failed = Het secret kon niet in de sleutelbos worden bewaard. Het is NIET opgeslagen.
settings-session_only = Secret alleen voor deze sessie gebruiken
settings-session_only_done = Het secret wordt alleen gebruikt tot u coachdesk sluit.
settings-test = Verbinding testen
settings-readable = leesbaar
settings-forbidden = geen toegang (scope { $scope } ontbreekt)
settings-requests_left = Verzoeken over vandaag: { $left }
settings-theme = Weergave:
settings-theme_system = Zoals het systeem
settings-theme_light = Licht
settings-theme_dark = Donker
settings-profile_new_name = Nieuwe naam:
settings-profile_active = { $name } (in gebruik)
settings-profile_edit_hint = Toon dit profiel in het formulier hieronder om het te bewerken
settings-profile_use = Overschakelen naar { $name }
settings-profile_rename = { $name } hernoemen
settings-profile_remove = { $name } verwijderen…
settings-profile_add = Nieuw profiel
settings-profile_new_default = Nieuw profiel
settings-profile_name_taken = Er is al een profiel met de naam { $name }.
settings-profile_rename_ok = Naam opslaan
settings-profile_cancel = Annuleren
settings-profile_remove_ask = Profiel { $name } verwijderen? Het geheim van deze verbinding wordt ook uit de sleutelbos van het systeem gewist. Opgehaalde gegevens blijven bewaard.
settings-profile_remove_yes = Ja, verwijderen
settings-renderer = Weergave: { $renderer }
settings-renderer_none = geen venster
settings-secret_moved = Het client secret van '{ $name }' is meegenomen naar client-id { $client } in de sleutelbos.
settings-secret_already_there = Onder client-id { $client } stond al een client secret in de sleutelbos; '{ $name }' gebruikt dat.
settings-secret_missing = Er stond geen client secret onder de oude client-id. Vul het client secret voor '{ $name }' (client-id { $client }) in en kies Opslaan.

## err

err-401-title = Toegang geweigerd (401)
err-401-what = Coachview weigerde het toegangstoken. coachdesk heeft een nieuw token aangevraagd, maar ook dat werd geweigerd.
err-401-todo = Controleer de client-id en het client secret in Instellingen, en of de client in Coachview nog actief is (pagina Autorisatie).
err-403-title = Geen rechten (403)
err-403-what = De API-client mist de scope { $arg } voor dit verzoek.
err-403-todo = Vraag een Coachview-beheerder om de scope { $arg } aan te vinken bij deze client op de pagina Autorisatie. Daarna werkt het zonder nieuw secret.
err-403-unknown_scope = (onbekend)
err-429-title = Daglimiet bereikt (429)
err-429-what = De limiet van { $arg } { $arg ->
        [one] verzoek
       *[other] verzoeken
    } per 24 uur is op. coachdesk verstuurt niets tot de limiet is gereset.
err-429-todo = Wacht tot de teller hieronder op nul staat. Ingeplande inschrijvingen gaan daarna vanzelf de deur uit.
err-500-title = Coachview kon het verzoek niet afmaken ({ $arg })
err-500-what = Meestal is dit een time-out bij een groot verzoek.
err-500-todo = Kies een kortere periode of minder records. Blijft het gebeuren, neem dan contact op met support@coachview.net en stuur de details mee.
err-timeout-title = Geen antwoord van Coachview
err-timeout-what = Het verzoek duurde te lang. Er is niets verloren gegaan.
err-timeout-todo = Probeer het opnieuw, eventueel met een kortere periode.
err-network-title = Geen verbinding met Coachview
err-network-what = coachdesk kon Coachview niet bereiken. Er is niets verloren gegaan; inschrijvingen wachten in de outbox.
err-network-todo = Controleer de internetverbinding en het adres in Instellingen, en probeer het opnieuw.
err-tls-title = Beveiligde verbinding mislukt
err-tls-what = Het certificaat van de server kon niet worden gecontroleerd. Er is niets verloren gegaan.
err-tls-todo = Controleer het adres in Instellingen; vraag IT of een proxy of bedrijfscertificaat het verkeer onderschept.
err-400-title = Coachview wees de gegevens af
err-400-what = De server meldde: { $arg }
err-400-todo = Verbeter de gemarkeerde velden en verstuur opnieuw.
err-decode-title = Onverwacht antwoord van Coachview
err-decode-what = Een deel van het antwoord kon niet worden gelezen (bij { $arg }). De rest is bewaard.
err-decode-todo = Probeer het opnieuw; blijft het gebeuren, kopieer de details voor support.
err-unexpected-title = Onverwachte status ({ $arg })
err-unexpected-what = Coachview antwoordde met status { $arg }. Er is niets verloren gegaan.
err-unexpected-todo = Probeer het opnieuw; blijft het gebeuren, kopieer de details voor support.
err-cancelled-title = Geannuleerd
err-cancelled-what = De taak is gestopt op uw verzoek. Wat al binnen was, is bewaard.
err-cancelled-todo = Start de taak opnieuw om de rest op te halen.
err-keyring-none-title = Geen sleutelbos beschikbaar
err-keyring-none-what = coachdesk bewaart het client secret alleen in de sleutelbos van het besturingssysteem, maar die is niet bereikbaar. Het secret is NIET opgeslagen. De melding van het systeem staat onder Details.
err-keyring-none-todo = Start op Linux gnome-keyring of KWallet (een Secret Service) en probeer opnieuw, of gebruik het secret alleen voor deze sessie.
err-keyring-locked-title = Sleutelbos is vergrendeld
err-keyring-locked-what = De sleutelbos weigerde toegang. Het secret is niet opgeslagen of gelezen. De melding van het systeem staat onder Details.
err-keyring-locked-todo = Ontgrendel de sleutelbos (log opnieuw in of open het sleutelbosprogramma) en probeer opnieuw.
err-keyring-other-title = Sleutelbosfout
err-keyring-other-what = De sleutelbos gaf een fout. De melding van het systeem staat onder Details.
err-keyring-other-todo = Probeer het opnieuw, of gebruik het secret alleen voor deze sessie.
err-429-what_unknown = Coachview weigert tijdelijk verzoeken (limiet bereikt). coachdesk verstuurt niets tot de aangegeven tijd.
err-413-title = Inschrijving te groot
err-413-what = Coachview weigert de inschrijving omdat ze te groot is ({ $arg }).
err-413-todo = Maak lange teksten (opmerking, vrije velden) korter en verstuur opnieuw.
err-redirect-title = Coachview stuurde door
err-redirect-what = De server antwoordde met een doorverwijzing ({ $arg }) in plaats van een bevestiging. coachdesk volgt die niet met uw gegevens of geheim.
err-redirect-todo = Controleer het adres van de verbinding (https, juiste host). Een inschrijving wordt vastgehouden tot u in Coachview hebt gekeken.
err-http-title = Onbeveiligd adres
err-http-what = Het adres begint met http://. Dan zouden het geheim en persoonsgegevens onversleuteld over het netwerk gaan.
err-http-todo = Gebruik https:// (alleen de simulator op deze computer, 127.0.0.1 of localhost, mag http:// gebruiken).
err-url_credentials-title = Wachtwoord in het adres
err-url_credentials-what = Het adres bevat een gebruikersnaam of wachtwoord (zoals https://naam:wachtwoord@host). Dat wordt niet gebruikt: het zou in mapnamen en logbestanden terechtkomen.
err-url_credentials-todo = Laat naam en wachtwoord uit het adres weg (alleen https://host) en bewaar het clientgeheim in de sleutelbos (Instellingen of coachdesk secret set).

## wiz

wiz-step_of = Stap { $n } van { $total }: { $title }
wiz-back = Vorige
wiz-next = Volgende
wiz-fix_errors = Los eerst de gemarkeerde punten op.
wiz-warning = Let op: { $text }
wiz-needs_fix = Coachview heeft de inschrijving afgekeurd. Pas de gemarkeerde velden aan en verstuur opnieuw; alles wat u invulde is bewaard.
wiz-course-search = Zoeken (naam, code, datum, plaats)
wiz-course-loading = Opleidingen laden…
wiz-course-reload = Opnieuw laden
wiz-course-not_connected = Verbind eerst met Coachview (of probeer de demo) om opleidingen te zoeken.
wiz-course-count = { $shown } van { $total } { $total ->
        [one] opleiding
       *[other] opleidingen
    }
wiz-course-more = Nog { $n } meer: verfijn de zoekopdracht.
wiz-course-none = Geen opleiding gevonden.
wiz-course-waitlist = Geen datum die past? Kies een opleidingssoort voor de wachtlijst:
wiz-course-waitlist_label = Wachtlijst: { $name }
wiz-course-chosen = Gekozen: { $label }
wiz-col-code = Code
wiz-col-name = Naam
wiz-col-start = Startdatum
wiz-col-place = Plaats
wiz-col-free = Vrije plaatsen
wiz-contact-self = Vul de gegevens in van de persoon die zich aanmeldt.
wiz-p-voornaam = Voornaam
wiz-p-voorletters = Voorletters
wiz-p-tussenvoegsels = Tussenvoegsels
wiz-p-achternaam = Achternaam
wiz-p-email = E-mailadres
wiz-p-phone = Telefoonnummer
wiz-p-birth = Geboortedatum (dd-mm-jjjj)
wiz-p-adres1 = Adres
wiz-p-postcode = Postcode
wiz-p-plaats = Woonplaats
wiz-p-land = Landcode
wiz-participant-n = Deelnemer { $n }
wiz-participant-add = Deelnemer toevoegen
wiz-participant-remove = Deelnemer { $n } verwijderen
wiz-participant-contact = { $name } (de contactpersoon). Wijzig deze gegevens bij de stap Contactpersoon.
wiz-participant-none = Nog geen deelnemers.
wiz-participant-edit = Deelnemer { $n } bewerken
wiz-participant-close = Klaar met deze deelnemer
wiz-participant-edit_short = Bewerken
wiz-participant-remove_short = Verwijderen
wiz-p-name = Naam
wiz-company-use = Bedrijf opgeven
wiz-company-name = Bedrijfsnaam
wiz-company-email = E-mailadres bedrijf
wiz-company-phone = Telefoonnummer bedrijf
wiz-debtor-use = Factuurgegevens (debiteur) opgeven
wiz-debtor-holder = Naam rekeninghouder
wiz-debtor-iban = IBAN
wiz-debtor-btw = Btw-nummer
wiz-debtor-email = Factuur naar ander e-mailadres
wiz-debtor-private = Particulier
wiz-remark = Opmerking
wiz-reference = Uw referentie (optioneel)
wiz-reference_hint = Leeg laten: coachdesk maakt zelf een unieke referentie.
wiz-review-summary = Samenvatting
wiz-review-course = Opleiding
wiz-review-scenario = Wie schrijft in
wiz-review-contact = Contactpersoon
wiz-review-people = Aantal personen
wiz-review-company = Bedrijf
wiz-review-debtor = Factuurgegevens
wiz-review-reference = Referentie
wiz-review-generated = (wordt automatisch gemaakt)
wiz-review-none = (geen)
wiz-review-json = Dit wordt precies zo naar Coachview verstuurd (JSON):
wiz-send-button = Inschrijving versturen
wiz-send-explain = De inschrijving wordt eerst in de outbox op deze computer bewaard en daarna verstuurd. Zo gaat er niets verloren en komt ze precies één keer aan.
wiz-send-busy = Bezig met versturen…
wiz-sent = Verstuurd: Coachview ontving de inschrijving met nummer { $nummer }.
wiz-queued = De inschrijving staat veilig in de outbox en wordt automatisch verstuurd zodra Coachview weer bereikbaar is.
wiz-held = De inschrijving staat in de outbox, maar wordt vastgehouden tot het probleem is opgelost:
wiz-new = Nieuwe inschrijving
wiz-to_outbox = Naar de outbox

## outbox

outbox-intro = Elke inschrijving wordt hier eerst bewaard en blijft staan tot Coachview haar heeft.
outbox-flush = Alles versturen wat klaarstaat
outbox-refresh = Vernieuwen
outbox-busy = Bezig…
outbox-empty = De outbox is leeg.
outbox-col-reference = Referentie
outbox-col-created = Aangemaakt
outbox-col-status = Status
outbox-col-attempts = Pogingen
outbox-col-error = Laatste fout
outbox-col-next = Volgende poging
outbox-next_now = zo snel mogelijk
outbox-next_user = wacht op u
outbox-selected = Inschrijving { $reference }
outbox-send_now = Nu versturen
outbox-edit = Bewerken
outbox-discard = Verwijderen
outbox-export = Kopiëren als JSON
outbox-copied = De JSON van { $reference } staat op het klembord.
outbox-discard-title = Inschrijving verwijderen?
outbox-discard-body = Inschrijving { $reference } wordt dan niet meer verstuurd. Dit kan niet ongedaan worden gemaakt.
outbox-discard-maybe_sent = Let op: een eerdere poging is misschien toch aangekomen. Kijk in Coachview na of de inschrijving er staat.
outbox-discard-confirm = Ja, verwijderen
outbox-cancel = Annuleren
outbox-edit-title = Inschrijving { $reference } bewerken
outbox-edit-label = Webaanvraag (JSON)
outbox-edit-save = Opslaan
outbox-edit-invalid = Dit is geen geldige JSON: { $error }
outbox-edit-not_object = De webaanvraag moet een JSON-object zijn.
outbox-status-pending = Wacht op verzenden
outbox-status-sending = Wordt verzonden
outbox-status-sent = Verzonden (nummer { $nummer })
outbox-status-needs_fix = Moet aangepast worden
outbox-status-waiting = Daglimiet bereikt, wacht tot { $at }
outbox-status-discarded = Verwijderd
outbox-status-damaged = Beschadigd: deze regel in het postvak is onleesbaar en wordt niet verzonden; de gegevens blijven bewaard ({ $problem }).
outbox-held-401 = Vastgehouden: Coachview weigert de inloggegevens (401). Controleer client-id en secret.
outbox-held-403 = Vastgehouden: de API-client mist de scope { $scope } (403).
outbox-held-413 = Coachview vindt de inschrijving te groot (413). Maak lange teksten korter en verstuur opnieuw.
outbox-held-redirect = Vastgehouden: Coachview stuurde door ({ $status }) in plaats van de inschrijving te bevestigen. Misschien is ze toch aangekomen: kijk in Coachview voordat u opnieuw verstuurt.
outbox-held-unexpected = Vastgehouden: onverwacht antwoord { $status } van Coachview. Controleer het adres van de verbinding.
outbox-held-unconfirmed = Vastgehouden: Coachview heeft een webaanvraag (nummer { $nummer }) met deze referentie, maar coachdesk kan niet bewijzen dat het deze inschrijving is. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.
outbox-fail-network = Geen verbinding met Coachview ({ $detail }).
outbox-fail-network_sent = De verbinding viel weg tijdens het verzenden ({ $detail }); voor een nieuwe poging wordt eerst nagekeken of het toch is aangekomen.
outbox-fail-timeout = Coachview antwoordde niet op tijd; voor een nieuwe poging wordt eerst nagekeken of het toch is aangekomen.
outbox-fail-server = Coachview had een storing ({ $status }). Later opnieuw proberen.
outbox-fail-429 = De daglimiet van Coachview is bereikt (429).
outbox-fail-rejected = Coachview keurde de inschrijving af: { $title } ({ $fields } { $fields ->
        [one] veld
       *[other] velden
    }).
outbox-fail-unreadable = Coachview gaf een onleesbaar antwoord ({ $detail }).
outbox-fail-interrupted = coachdesk werd gestopt tijdens het verzenden; er wordt eerst nagekeken of het is aangekomen.
outbox-fail-cancelled = Verzenden afgebroken.
outbox-fail-lookup = Nakijken of de inschrijving al is aangekomen lukte niet: { $inner }
outbox-held-cannot_tell-refused = Vastgehouden: deze Coachview-omgeving kan webaanvragen niet op referentie zoeken (zie 'Test verbinding'), dus coachdesk kan niet zien of een eerdere poging is aangekomen. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.
outbox-held-cannot_tell-ignored = Vastgehouden: Coachview negeerde het zoeken op referentie (er kwamen andere referenties terug), dus coachdesk kan niet zien of een eerdere poging is aangekomen. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.
outbox-held-cannot_tell-too_many = Vastgehouden: te veel webaanvragen in Coachview hebben deze referentie om te zien of een eerdere poging is aangekomen. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.
outbox-held-server_errors = Coachview geeft een fout op deze inschrijving; neem contact op met support@coachview.net met deze gegevens: fout { $status }, { $tries } { $tries ->
        [one] poging
       *[other] pogingen
    }, referentie { $reference }, laatst om { $at } (UTC). coachdesk probeert het niet meer vanzelf; 'Nu verzenden' probeert het nog één keer.
cli-outbox-waiting = Wacht { $secs } s tot { $count } inschrijving(en) opnieuw gecontroleerd of verzonden mogen worden (om { $at })…
cli-outbox-still_open = Nog open: { $count } inschrijving(en), zie hieronder.

## tenant

tenant-auto_probe = Coachview verkennen (eenmalig, ongeveer { $requests } verzoeken)
tenant-waiting = Coachview vraagt even te wachten: nog { $secs } s (Annuleren stopt)
tenant-probe-title = Wat deze Coachview-omgeving doet
tenant-probe-fact = Onderdeel
tenant-probe-result = Uitkomst
tenant-probe-copy = Rapport kopiëren
tenant-probe-copied = Rapport gekopieerd naar het klembord
tenant-yes = ja
tenant-no = nee
tenant-unknown = onbekend
tenant-fact-datetime = Wijzigingen per uur ophalen (sneller)
tenant-fact-range_end = Een gekozen einddatum telt zelf mee
tenant-fact-count_body = Tellen en ophalen in één verzoek
tenant-fact-page_size = Rijen per verzoek
tenant-fact-rate_headers = Daglimiet en resterende verzoeken zichtbaar
tenant-fact-reference = Een verzonden inschrijving terugvinden
tenant-fact-read = Lezen: { $resource }
tenant-fact-relations = Namen worden direct meegestuurd

## field

field-coachdesk-gewijzigdeVelden = Gewijzigde velden
field-coachdesk-nieuw = Nieuw
field-id = Id
field-nummer = Nummer
field-aanvraagStatusId = Status
field-referentieNrKlant = Referentie klant
field-bedrijfId = Bedrijf
field-contactpersoonId = Contactpersoon
field-contactpersoon2Id = Tweede contactpersoon
field-opleidingId = Opleiding
field-opleidingssoortId = Opleidingssoort
field-opleidingsonderdeelId = Opleidingsonderdeel
field-persoonId = Persoon
field-aanvraagId = Aanvraag
field-locatieId = Locatie
field-startLocatieId = Startlocatie
field-lesvormId = Lesvorm
field-opleidingStatusId = Status
field-opleidingssoortStatusId = Status
field-auditTrail-gewijzigdDatumTijd = Gewijzigd op
field-auditTrail-gewijzigdDoor = Gewijzigd door
field-auditTrail-aangemaaktDatumTijd = Aangemaakt op
field-auditTrail-aangemaaktDoor = Aangemaakt door
field-auditTrail-etag = Versie (etag)
field-code = Code
field-naam = Naam
field-omschrijving = Omschrijving
field-opmerking = Opmerking
field-startDatum = Startdatum
field-eindDatum = Einddatum
field-datum = Datum
field-tijdVan = Van
field-tijdTot = Tot
field-aantalPlaatsenVrij = Aantal plaatsen vrij
field-aantalPlaatsenBezet = Plaatsen bezet
field-aantalPlaatsenMin = Minimum plaatsen
field-aantalPlaatsenMax = Maximum plaatsen
field-inactief = Inactief
field-publicatie = Gepubliceerd
field-totaalBedragExclBtwGepubliceerdeVerkoopregels = Prijs excl. btw
field-voornaam = Voornaam
field-tussenvoegsels = Tussenvoegsels
field-achternaam = Achternaam
field-email1 = E-mail
field-tel1 = Telefoon
field-emailadres = E-mailadres
field-telefoonnummer = Telefoonnummer
field-bezoekadres-plaats = Plaats
field-aantalDeelnemers = Aantal deelnemers
field-aantalPersonen = Aantal personen
field-verwerkt = Verwerkt
field-aantal = Aantal
field-prijsExclBtw = Prijs excl. btw
field-bedragExclBtw = Bedrag excl. btw

## names

names-missing = Niet gevonden (verwijderd?)
names-forbidden = Geen leesrecht
names-aanvraag = Aanvraag { $nummer }
names-failed = Kon niet worden opgehaald: { $reason }
names-reason-network = Coachview niet bereikbaar; later opnieuw
names-reason-server = fout bij Coachview; later opnieuw
names-reason-rate_limited = dagelijkse limiet bereikt; opnieuw na de reset
names-reason-unauthorized = niet aangemeld; opnieuw na opnieuw verbinden
names-reason-gave_up = na { $n } { $n ->
        [one] poging
       *[other] pogingen
    }; opnieuw na de volgende synchronisatie
names-reason-other = onverwacht antwoord

## people

people-off_scope = Opzoeken in Coachview staat uit voor deze sessie: deze koppeling mist het recht Personen.Lezen. Vraag de beheerder van Coachview dit recht aan de koppeling toe te voegen. U kunt gewoon verder typen; nieuwe personen worden dan als nieuw aangemeld.
people-off_filter = Opzoeken in Coachview staat uit voor deze sessie: Coachview paste het filter op e-mailadres niet toe, dus een gevonden persoon is niet betrouwbaar. U kunt gewoon verder typen.
people-count = { $n } keer opgezocht in Coachview (telt mee voor de daglimiet)
people-linked = Gekoppeld aan { $name } in Coachview: er wordt geen nieuwe persoon aangemaakt.
people-unlink = Ontkoppelen
people-failed = Opzoeken lukte niet: { $why }
people-retry = Opnieuw zoeken
people-searching = Zoeken in Coachview…
people-known = Bekend in Coachview: { $who }
people-known_inactive = Bekend in Coachview (inactief): { $who }
people-use = Gebruik { $name }
people-unknown = Niet bekend in Coachview: deze persoon wordt nieuw aangemeld.
people-search_name = Zoek op achternaam in Coachview

## plist

plist-title = Deelnemers uit een lijst
plist-hint = Kopieer de rijen in Excel en plak ze hieronder, met of zonder kopregel. Of importeer een CSV- of Excel-bestand.
plist-paste = Rijen uit Excel plakken
plist-import_file = Bestand importeren (CSV/XLSX)…
plist-file_filter = Deelnemerslijst
plist-from_file = Uit { $file }
plist-encoding = Gelezen als { $encoding }
plist-by_header = Kolommen herkend aan de kopregel: { $columns }
plist-by_position = Geen kopregel herkend: de kolommen zijn op volgorde gelezen als { $columns }. Controleer het voorbeeld voordat u de rijen toevoegt.
plist-dropped = { $n } { $n ->
        [one] rij
       *[other] rijen
    } zijn weggelaten: een lijst heeft hoogstens { $max } { $max ->
        [one] rij
       *[other] rijen
    }.
plist-bad_rows = { $bad } van de { $n } { $n ->
        [one] rij
       *[other] rijen
    } hebben een fout. U kunt ze na het toevoegen hieronder verbeteren of verwijderen; er wordt niets verstuurd zolang een rij fout is.
plist-add = { $n } { $n ->
        [one] deelnemer
       *[other] deelnemers
    } toevoegen
plist-discard = Lijst weggooien
plist-col-row = Rij
plist-col-status = Controle
plist-col-gender = Geslacht
plist-col-ignored = (niet gebruikt)
plist-ok = In orde
plist-more = … en nog { $n } { $n ->
        [one] rij
       *[other] rijen
    }
plist-still_bad = { $n ->
        [one] { $n } deelnemer heeft nog een fout (nummer { $rows }): verbeter of verwijder die.
       *[other] { $n } deelnemers hebben nog een fout (nummers { $rows }): verbeter of verwijder ze.
    }
plist-file_path = Pad van het bestand
plist-file_open = Openen

## recent

recent-contacts = Recent gebruikt:
recent-companies = Recente bedrijven:

## cpick

cpick-use_contacts = Gebruik { $name } (bedrijf van de contactpersoon)
cpick-search = Zoek een opgeslagen bedrijf
cpick-search_button = Zoeken
cpick-none_stored = Geen opgeslagen bedrijf gevonden. Haal Bedrijven op in het wijzigingenoverzicht, of typ hieronder een nieuw bedrijf.

## seats

seats-hide_full = Volle opleidingen verbergen
seats-hidden = { $n } volle opleidingen verborgen
seats-unknown_short = onbekend
seats-label = Plaatsen
seats-enough = { $free } vrij voor { $n } { $n ->
        [one] persoon
       *[other] personen
    }
seats-short = Te weinig: { $free } vrij voor { $n } { $n ->
        [one] persoon
       *[other] personen
    }
seats-unknown = Onbekend (Coachview gaf geen aantal vrije plaatsen) voor { $n } { $n ->
        [one] persoon
       *[other] personen
    }
seats-waitlist = Wachtlijst: nog geen plaatsen

## renderer

renderer-none_worked = coachdesk kon zijn venster niet tekenen: geen enkele grafische weergave werkte (geprobeerd: { $tried }). Werk het stuurprogramma van de videokaart bij of vraag uw IT-afdeling om hulp. De opdrachtregel werkt zonder venster: coachdesk --help.

## secret

secret-stored = Het client secret voor client '{ $client }' bij { $url } is opgeslagen in de sleutelbos van het systeem.
secret-forgotten = Het client secret voor client '{ $client }' bij { $url } is verwijderd uit de sleutelbos.
secret-none_stored = Er was geen client secret opgeslagen voor client '{ $client }' bij { $url }; er is niets verwijderd.
secret-empty = Geen secret ontvangen: geef het client secret op standaardinvoer (één regel), bijvoorbeeld via een pipe.
secret-read_failed = Het secret kon niet van standaardinvoer worden gelezen ({ $error }).
secret-bad_url = '{ $url }' is geen geldig adres: gebruik bijvoorbeeld https://secure.coachview.net.
secret-no_client = Geef een client id op met --client-id.
secret-keyring_failed = De sleutelbos van het systeem kon niet worden gebruikt: { $error }

## path

path-no_dialog = Er kon geen bestandsvenster worden geopend op deze computer (geen bureaublad-portal of zenity). Typ het pad van het bestand hieronder.
path-cancel = Annuleren

## value

value-yes = ja
value-no = nee

## datepicker

datepicker-prev_month = Vorige maand
datepicker-next_month = Volgende maand
datepicker-cancel = Annuleren
datepicker-save = Opslaan
# The popup's heading: the month shown and its year.
datepicker-month_year = { $month } { $year }
# A day's accessible name: 1 december 2026.
datepicker-date = { $day } { $month } { $year }
datepicker-month-1 = januari
datepicker-month-2 = februari
datepicker-month-3 = maart
datepicker-month-4 = april
datepicker-month-5 = mei
datepicker-month-6 = juni
datepicker-month-7 = juli
datepicker-month-8 = augustus
datepicker-month-9 = september
datepicker-month-10 = oktober
datepicker-month-11 = november
datepicker-month-12 = december
datepicker-weekday-1 = ma
datepicker-weekday-2 = di
datepicker-weekday-3 = wo
datepicker-weekday-4 = do
datepicker-weekday-5 = vr
datepicker-weekday-6 = za
datepicker-weekday-7 = zo

## status words

status_word-nieuw = Nieuw
status_word-inbehandeling = In behandeling
status_word-verwerkt = Verwerkt
status_word-geannuleerd = Geannuleerd
status_word-afgewezen = Afgewezen
status_word-definitief = Definitief
status_word-optie = Optie

## werr

werr-not_connected-title = Geen verbinding
werr-not_connected-what = Er is nog geen verbinding met Coachview, dus dit kon niet worden opgehaald of verstuurd.
werr-not_connected-todo = Verbind in Instellingen (of kies Demo proberen) en probeer het daarna opnieuw.
werr-no_secret-title = Geen client secret
werr-no_secret-what = Voor dit profiel is geen client secret opgeslagen.
werr-no_secret-todo = Vul het client secret in bij Instellingen en kies Opslaan; daarna wordt er verbonden.
werr-no_cursor-title = Nog niet eerder opgehaald
werr-no_cursor-what = { $arg } is nog niet eerder gesynchroniseerd, dus er is geen 'sinds de vorige keer'.
werr-no_cursor-todo = Kies eerst een periode en haal de wijzigingen op.
werr-too_busy-title = Te veel wijzigingen op één dag
werr-too_busy-what = Op { $day } zijn { $count } { $count ->
        [one] wijziging
       *[other] wijzigingen
    }, meer dan veilig kan worden opgehaald. Wat al binnen was, is bewaard.
werr-too_busy-todo = Haal de dagen ervoor en erna apart op, of vraag Coachview-support om een export van die dag.
werr-store-title = De opslag op deze computer gaf een fout
werr-store-what = De gegevens op deze computer konden niet worden gelezen of geschreven.
werr-store-todo = Controleer of er schijfruimte is en of de map schrijfbaar is, en probeer het opnieuw. Er is niets verloren gegaan.
werr-outbox_busy-title = Er wordt al verstuurd
werr-outbox_busy-what = Een ander coachdesk-venster of -opdracht verstuurt op dit moment uit dezelfde outbox.
werr-outbox_busy-todo = Wacht tot dat klaar is; de outbox wordt daarna vanzelf bijgewerkt.
werr-outbox_entry-title = Deze aanmelding kan nu niet worden gewijzigd
werr-outbox_entry-what = Deze aanmelding bestaat niet meer, of is intussen verstuurd of gewijzigd.
werr-outbox_entry-todo = De lijst was niet meer actueel en is vernieuwd. Bekijk de aanmelding opnieuw.
werr-config-title = Instellingen niet opgeslagen
werr-config-what = Het instellingenbestand { $arg } kon niet worden gelezen of geschreven.
werr-config-todo = Uw instellingen staan nog in het scherm. Controleer of de instellingenmap schrijfbaar is en kies opnieuw Opslaan.
werr-draft-title = Concept niet bewaard
werr-draft-what = Het concept kon niet worden bewaard in { $arg }.
werr-draft-todo = Wat u invulde staat nog in het scherm. Controleer of er schijfruimte is; het concept wordt bij de volgende wijziging opnieuw bewaard.
werr-disk_full-title = De schijf is vol
werr-disk_full-what = De schijf is vol: { $arg } kon niet worden geschreven.
werr-disk_full-todo = Maak ruimte vrij of kies een andere plek en probeer het opnieuw. Een bestaand bestand is niet aangeraakt.
werr-file-title = Bestand niet gelukt
werr-file-what = { $arg } kon niet worden geschreven.
werr-file-todo = Controleer of het bestand niet in een ander programma (zoals Excel) openstaat en of u op die plek mag schrijven, of kies een andere plek.
werr-internal-title = Er ging iets mis in coachdesk
werr-internal-what = Een taak van coachdesk stopte onverwacht; wat al klaar was, is bewaard.
werr-internal-todo = Probeer het opnieuw. Gebeurt het weer, stuur dan het logbestand naar support.
werr-cli_secret-todo = Sla het secret op in de Instellingen van de app (of met coachdesk secret set), zet { $env } of geef --secret-stdin mee.
werr-input-title = Ongeldige invoer
werr-input-what = Wat is opgegeven, is niet geldig (zie de details).
werr-input-todo = Verbeter de invoer en probeer het opnieuw. Er is niets verstuurd of gewijzigd.
werr-other_connection-title = Niet verzonden: ander profiel
werr-other_connection-what = Deze inschrijving is gemaakt voor een ander profiel dan het profiel dat nu verbonden is. Ze is niet verzonden, zodat geen id's van de ene Coachview-omgeving naar de andere gaan.
werr-other_connection-todo = Kies in de statusbalk het profiel waarvoor de inschrijving bedoeld is, of kies in de wizard de opleiding en personen opnieuw.
werr-ties-title = Ophalen gestopt
werr-ties-what = Meer dan { $limit } records hebben precies dezelfde wijzigingstijd ({ $at }); die kunnen niet veilig in delen worden opgehaald. Wat al binnen was, is bewaard.
werr-ties-todo = Vraag Coachview-support om een export van dat moment, of haal de tijd ervoor en erna apart op.
werr-empty_range-title = Ongeldige periode
werr-empty_range-what = Het einde van de periode ligt niet na het begin.
werr-empty_range-todo = Kies een einddatum na de begindatum en probeer het opnieuw.
werr-folder-title = Map niet aangemaakt
werr-folder-what = De map of het bestand { $arg } kon niet worden aangemaakt.
werr-folder-todo = Controleer of er schijfruimte is en of u in die map mag schrijven, en probeer het opnieuw. Er is niets verloren gegaan.
werr-outbox_store-title = De outbox gaf een fout
werr-outbox_store-what = De outbox op deze computer kon niet worden gelezen of geschreven.
werr-outbox_store-todo = Controleer of er schijfruimte is en of de map schrijfbaar is, en probeer het opnieuw. Wat in de outbox stond, blijft bewaard.
werr-outbox_corrupt-title = Onleesbare gegevens in de outbox
werr-outbox_corrupt-what = De outbox bevat gegevens die niet gelezen kunnen worden. Ze worden niet overschreven.
werr-outbox_corrupt-todo = Stuur het logbestand naar support; de andere aanmeldingen in de outbox worden gewoon verstuurd.
werr-outbox_newer-title = Outbox van een nieuwere coachdesk
werr-outbox_newer-what = Deze outbox is geschreven door een nieuwere versie van coachdesk dan deze.
werr-outbox_newer-todo = Installeer de nieuwste versie van coachdesk. De outbox blijft ongewijzigd bewaard; er is niets verloren gegaan.
werr-outbox_reference-title = Referentie niet bruikbaar
werr-outbox_reference-what = De referentie { $arg } kan niet worden gebruikt: ze is leeg, te lang of bevat ; , = & of #.
werr-outbox_reference-todo = Kies een andere referentie. Er is niets verstuurd.
werr-outbox_body-title = Geen geldige inschrijving
werr-outbox_body-what = De inschrijving is geen JSON-object.
werr-outbox_body-todo = Controleer het bestand met de inschrijving. Er is niets verstuurd.
werr-tenant-title = Verbindingsgegevens niet bewaard
werr-tenant-what = Wat coachdesk over deze Coachview-omgeving leerde, kon niet worden bewaard in { $arg }.
werr-tenant-todo = Controleer of die map schrijfbaar is. Bij de volgende keer verkent coachdesk de omgeving opnieuw.
werr-export_build-title = Export niet gelukt
werr-export_build-what = Het exportbestand kon niet worden opgebouwd. Het bestaande bestand is niet aangeraakt.
werr-export_build-todo = Probeer een andere vorm (bijvoorbeeld CSV) of een kleinere selectie; gebeurt het weer, stuur dan het logbestand naar support.
werr-export_rows-title = Te veel rijen voor Excel
werr-export_rows-what = { $rows } rijen passen niet in één Excel-blad (hoogstens { $max }).
werr-export_rows-todo = Kies een kleinere selectie, of exporteer als CSV.
werr-list_read-title = Deelnemerslijst niet gelezen
werr-list_read-what = Het bestand { $arg } kon niet worden gelezen.
werr-list_read-todo = Controleer of het bestand niet in een ander programma (zoals Excel) openstaat en of het een deelnemerslijst is. Er is niets veranderd.
werr-list_large-title = Deelnemerslijst te groot
werr-list_large-what = Het bestand { $arg } is groter dan { $max } MB.
werr-list_large-todo = Bewaar alleen de deelnemers in een eigen bestand en kies dat.
werr-list_kind-title = Dit soort bestand wordt niet gelezen
werr-list_kind-what = { $arg } is geen .csv-, .txt-, .xlsx-, .xls- of .ods-bestand.
werr-list_kind-todo = Bewaar de lijst in Excel als .xlsx of .csv en kies dat bestand.
werr-list_sheet-title = Geen werkblad
werr-list_sheet-what = De werkmap { $arg } bevat geen werkblad.
werr-list_sheet-todo = Open de werkmap in Excel, controleer dat de deelnemers op een werkblad staan, en bewaar hem opnieuw.

## session

session-reused-sent = Deze aanmelding stond al in de wachtrij als item { $id } en is op { $at } verzonden (nummer { $nummer }). Ze is niet nog een keer aangemeld.
session-reused-open = Deze aanmelding staat al in de wachtrij als item { $id } (sinds { $at }). Ze is niet nog een keer aangemeld.
session-reused-again = Gebruik --again om haar toch nog een keer aan te melden.

## sync

sync-missing = records gewijzigd van { $from } tot { $to }
sync-one_at_a_time = Coachview antwoordt traag/druk: verder met één verzoek tegelijk
cli-sync-planned = Gepland: ongeveer { $records } { $records ->
        [one] record
       *[other] records
    } in { $windows } { $windows ->
        [one] venster
       *[other] vensters
    }, ongeveer { $requests } { $requests ->
        [one] verzoek
       *[other] verzoeken
    }.
cli-sync-left = Vandaag { $left ->
        [one] is er nog { $left } verzoek
       *[other] zijn er nog { $left } verzoeken
    } over.
cli-sync-over_limit = Dat is meer dan de daglimiet toelaat: het ophalen stopt bij de limiet, bewaart wat binnen is, en `coachdesk sync --since-last` gaat de volgende dag verder waar het stopte.
sync-incomplete = onvolledig, niet opgehaald: { $missing }
sync-received = { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } ontvangen in { $requests } { $requests ->
        [one] verzoek
       *[other] verzoeken
    }
gap-short-title = Niet alle records konden worden gelezen
gap-short-what = { $missing } van de { $count } { $count ->
        [one] record
       *[other] records
    } van { $day } konden niet worden gelezen. Coachview telde ze wel, maar stuurde ze niet mee, ook niet bij een tweede poging. Wat al was opgeslagen, is bewaard en niets is verwijderd.
gap-short-todo = Probeer het later opnieuw. Ontbreken ze dan nog steeds, stuur het logbestand naar support@coachview.net en noem de dag.
gap-no_progress-title = Coachview stuurde steeds dezelfde records
gap-no_progress-what = Voor { $day } stuurde Coachview records die al binnen waren in plaats van de volgende. Het ophalen is gestopt om geen verzoeken te verspillen; wat al binnen was, is bewaard.
gap-no_progress-todo = Voer de tenanttest opnieuw uit (Instellingen) en probeer het daarna opnieuw; blijft het gebeuren, stuur dan het logbestand naar support.
gap-back_in_time-title = Coachview stuurde de records in de verkeerde volgorde
gap-back_in_time-what = Voor { $day } gingen de pagina's van Coachview terug in de tijd, terwijl op wijzigingstijd was gesorteerd. Zo is niet te bewijzen dat alles binnen is; wat al binnen was, is bewaard.
gap-back_in_time-todo = Haal die dag later opnieuw op; blijft het gebeuren, voer dan de tenanttest opnieuw uit en stuur het rapport naar support.
gap-absurd_count-title = Coachview gaf een onmogelijk aantal
gap-absurd_count-what = Coachview telt { $count } { $count ->
        [one] record
       *[other] records
    } voor { $day }. Dat kan niet kloppen, dus is er niets op gebouwd; wat al binnen was, is bewaard.
gap-absurd_count-todo = Probeer het later opnieuw met een kortere periode; blijft het gebeuren, stuur het logbestand naar support@coachview.net.
gap-server_error-title = Coachview gaf een fout bij het ophalen van één dag
gap-server_error-what = Coachview antwoordde met een fout (500) op de wijzigingen van { $day }, meestal een time-out. Kleinere delen dan een dag kunnen bij deze Coachview niet worden gevraagd. Wat al binnen was, is bewaard.
gap-server_error-todo = Probeer het buiten kantooruren opnieuw. Blijft het gebeuren, neem dan contact op met support@coachview.net, noem de dag en stuur de details mee.
gap-tiny_pages-title = Coachview stuurt te weinig records per pagina
gap-tiny_pages-what = Coachview stuurt { $missing } { $missing ->
        [one] record
       *[other] records
    } per pagina; de { $count } { $count ->
        [one] record
       *[other] records
    } van { $day } zouden honderden verzoeken kosten. Het ophalen is gestopt om de daglimiet te sparen; wat al binnen was, is bewaard.
gap-tiny_pages-todo = Kies een kortere periode; blijft het gebeuren, stuur het logbestand naar support@coachview.net.
tenant-fact-desc = Nieuwste eerst ophalen (drukke dagen sneller)
tenant-fact-extra = Startdatum en vrije plaatsen van opleidingen
err-429_later-title = Coachview weigert tijdelijk verzoeken (429)
err-429_later-what = Coachview gaf geen tijd waarop het weer verzoeken aanneemt. coachdesk heeft één keer gewacht; daarna weigerde Coachview nog steeds.
err-429_later-todo = Probeer het later opnieuw, bijvoorbeeld over een uur. Wat al binnen was, is bewaard.

## scenario

scenario-self-label = Een deelnemer schrijft zichzelf in
scenario-employees-label = Een contactpersoon schrijft medewerkers in
scenario-self_and_employees-label = Een contactpersoon schrijft zichzelf en medewerkers in
scenario-self-explanation = Kies dit als de persoon die de opleiding volgt zich zelf aanmeldt. U vult alleen de gegevens van die persoon in; die is tegelijk contactpersoon en deelnemer.
scenario-employees-explanation = Kies dit als iemand (bijvoorbeeld een leidinggevende of HR) collega's aanmeldt, maar zelf niet meedoet. U vult de contactpersoon in en daarna de deelnemers.
scenario-self_and_employees-explanation = Kies dit als de contactpersoon collega's aanmeldt en zelf ook meedoet. De contactpersoon staat dan automatisch ook bij de deelnemers.

## step

step-course = Opleiding
step-scenario = Wie schrijft in
step-contact = Contactpersoon
step-participants = Deelnemers
step-company = Bedrijf en factuur
step-review = Controleren
step-send = Versturen

## issue

issue-required = Vul dit veld in.
issue-last_name_required = Vul de achternaam in.
issue-first_name_required = Vul de voornaam of de voorletters in.
issue-email_required = Vul het e-mailadres van de contactpersoon in.
issue-invalid_email = Dit is geen geldig e-mailadres (voorbeeld: naam@bedrijf.nl).
issue-invalid_postcode = Een Nederlandse postcode is vier cijfers en twee letters, zoals 1234 AB.
issue-phone_characters = Gebruik alleen cijfers, spaties, streepjes en een + aan het begin.
issue-phone_dutch_length = Een Nederlands telefoonnummer heeft 10 cijfers (06 12345678) of +31 en 9 cijfers.
issue-phone_length = Dit telefoonnummer heeft te weinig of te veel cijfers.
issue-invalid_date = Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-05-1990.
issue-birth_date_not_in_past = De geboortedatum moet in het verleden liggen.
issue-contact_listed_as_employee = De contactpersoon staat ook bij de deelnemers. Doet de contactpersoon zelf mee? Kies dan 'Contactpersoon schrijft zichzelf en medewerkers in'.
issue-no_course = Kies eerst een opleiding.
issue-no_scenario = Kies wie er inschrijft.
issue-no_participants = Voeg ten minste één deelnemer toe.
issue-invalid_iban = Dit IBAN klopt niet (controleer de cijfers).
issue-invalid_reference = Het referentienummer mag hoogstens 50 tekens hebben en geen ; , = & of # bevatten.
issue-duplicate_person = Deze persoon staat er al in ({ $first }): zelfde e-mailadres of zelfde naam en geboortedatum.
issue-more_than_free_seats = Er zijn nog { $free } { $free ->
        [one] plaats
       *[other] plaatsen
    } vrij en u schrijft { $wanted } { $wanted ->
        [one] persoon
       *[other] personen
    } in. Coachview kan deelnemers op de wachtlijst zetten.
issue-number_of_people_mismatch = aantalPersonen is { $stated }, maar er zijn { $counted } { $counted ->
        [one] deelnemer
       *[other] deelnemers
    }.
issue-wrong_type = Verwacht: { $expected }.
issue-warning_tag = {" "}(waarschuwing)
issue-whole_enrolment = (webaanvraag)
issue-contact_person = contactpersoon
issue-participant_n = deelnemer { $n }

## world

world-use_demo = Demo gebruiken
world-demo_where = ingebouwde simulator
world-ids_cleared-title = Concept-inschrijving aangepast aan dit profiel
world-ids_cleared = Deze concept-inschrijving is begonnen in profiel '{ $name }'. De opleiding en de gekoppelde Coachview-personen van dat profiel zijn eruit gehaald; namen en e-mailadressen zijn bewaard.
world-ids_cleared-todo = Kies de opleiding opnieuw in '{ $now }' en controleer de deelnemers voordat je verzendt.

## probe words

tenant-fact-enrol = Mag deze client inschrijven? (Webaanvragen.Schrijven)
tenant-enrol_unknown = onbekend tot de eerste inschrijving
tenant-tech-enrol = Recht Webaanvragen.Schrijven, gelezen uit het tokenantwoord (scope); er wordt niets verstuurd
tenant-tech-datetime = Filter op datum-tijd: where=audittrail.gewijzigddatumtijd>=T;<U (keyset-paging)
tenant-tech-desc = orderby audittrail.gewijzigdDatumTijd desc
tenant-tech-relations = InclusiefDirecteRelaties=true
tenant-tech-extra = InclusiefExtraVelden=true
tenant-tech-reference = where=referentieNrKlant=… op Webaanvragen
tenant-tech-range_end = Bereik where=veld=D1,D2 neemt D2 mee
tenant-tech-count_body = Count=true geeft ook de rijen (RowCount-header)
tenant-tech-page_size = Grootste pagina (take) die Coachview teruggeeft
tenant-tech-rate_headers = X-Rate-Limit-* headers in de antwoorden
tenant-tech-read = Recht { $resource }.Lezen (GET { $resource }, take=2)
settings-test_cost = Kost ongeveer { $n } { $n ->
        [one] verzoek
       *[other] verzoeken
    } (hooguit { $max }) van de { $left } die vandaag nog over { $left ->
        [one] is
       *[other] zijn
    }.
settings-test_cost_unknown = Kost ongeveer { $n } { $n ->
        [one] verzoek
       *[other] verzoeken
    } (hooguit { $max }) van de daglimiet.

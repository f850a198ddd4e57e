# coachdesk's user-facing strings. Each message's id is the key the code uses, with
# dots written as dashes (browse.export -> browse-export). Variables are { $name };
# counts choose their plural with [one] / *[other] (CLDR rules of this language).

## app

app-no_window = coachdesk could not open its window: { $error }. Start coachdesk on a desktop (with a display), or use the command line: coachdesk --help.

## nav

nav-browse = Changes
nav-enrol = Enrol
nav-outbox = Outbox
nav-settings = Settings
nav-notices = Notices
nav-language = Nederlands

## dialog

dialog-close = Close
dialog-copy_details = Copy details
dialog-countdown = Resets in:

## damaged files

damaged-profiles-title = Connections could not be read
damaged-profiles-what = The connections file was damaged. It was kept as { $path } and will not be overwritten.
damaged-draft-title = Draft enrolment could not be read
damaged-draft-what = The saved draft enrolment was damaged. It was kept as { $path } and will not be overwritten.
damaged-todo = Create the connection or enrolment again, or send the file { $path } to support.

## notices

notices-clear = Clear notices
notices-empty = No notices.

## job

job-cancel = Cancel
job-export = Exporting
job-export_names = Looking up names for the export
job-fetch = Fetching
job-lookup_people = Looking up people

## status

status-disconnected = Not connected
status-connecting = Connecting…
status-connected = Connected: { $label } ({ $url })
status-connected_demo = Demo: { $label } (built-in simulator)
status-requests_left = Requests left: { $left } of { $limit } (reset { $reset })
status-profile = Profile: { $name }
status-profile_none = No profile
status-profile_demo = Demo
status-profile_manage = Manage profiles…

## welcome

welcome-title = Welcome to coachdesk
welcome-intro = See what changed in Coachview, enrol people, and never lose an enrolment.
welcome-demo = Try the demo
welcome-demo_hint = Starts a built-in Coachview simulator with sample data. Nothing is sent to Coachview.
welcome-connect = Connect to Coachview

## browse

browse-resource = Resource
browse-from = From
browse-to = Up to and including
browse-today = Today
browse-yesterday = Yesterday
browse-last7 = Last 7 days
browse-this_month = This month
browse-fetch = Fetch changes
browse-since_last = Since last sync
browse-cancel_fetch = Cancel fetch
browse-estimating = Estimating the cost…
browse-estimate_warn = About { $records } { $records ->
        [one] record
       *[other] records
    }, { $requests } { $requests ->
        [one] request
       *[other] requests
    }; { $left } are left today.
browse-fetch_anyway = Fetch anyway
browse-dont_fetch = Don't fetch
browse-filter = Filter
browse-clear_day = Clear day filter { $day }
browse-rows = { $shown } of { $total } { $total ->
        [one] row
       *[other] rows
    }, { $selected } selected
browse-select_all = Select all
browse-select_none = Select none
browse-columns = Columns
browse-columns_default = Default columns
browse-export_format = Export format
browse-export_selection = Selection only
browse-decimal_comma = Decimal comma
browse-export = Export ({ $n } { $n ->
        [one] row
       *[other] rows
    })…
browse-exported = { $n } { $n ->
        [one] row
       *[other] rows
    } saved to { $path }
browse-exported_unnamed = { $n ->
    [one] 1 id is in the file without its name: Coachview could not be asked. Export again once the connection is back.
   *[other] { $n } ids are in the file without their names: Coachview could not be asked. Export again once the connection is back.
    }
browse-open_folder = Open folder
browse-as_of = Data as of { $time }
browse-fetched = { $records } { $records ->
        [one] record
       *[other] records
    } fetched with { $requests } { $requests ->
        [one] request
       *[other] requests
    } in { $windows } { $windows ->
        [one] window
       *[other] windows
    }.
browse-partial = Incomplete: { $records } { $records ->
        [one] record
       *[other] records
    } arrived, not fetched: { $missing }. What arrived is kept.
browse-empty = No records. Choose a range and fetch the changes.
browse-details = Details
browse-no_selection = Select a row to see its details.
browse-record = Record
browse-copy = Copy
browse-copy_hint = Copy the value to the clipboard
browse-chart = Changes per day
browse-no_related = No related records for this resource.
browse-related = Fetch { $resource } of { $n } selected
browse-related_count = { $n } { $resource }
browse-outside_range = { $n } stored rows outside this range
browse-outside_range_hint = These rows are in the local store but outside the chosen dates. Choose a wider range to see them.
browse-column_choice = { $label } ({ $path })
browse-export_field_paths = Field paths as column headers
browse-export_field_paths_hint = For integrations: a header row with the Coachview field names (e.g. aanvraagStatusId) instead of readable names.
browse-change_new = New
browse-change_none = Administrative only
browse-first_seen = New: this record is seen for the first time; there is no earlier version yet.
browse-change_heading = Change { $n } of { $total } (newest first)
browse-change_when = Changed on { $when } by { $who }
browse-before_after = { $before } -> { $after }
browse-older_change = Earlier change
browse-newer_change = Later change
browse-views = Views
browse-views_none = No saved views yet.
browse-view_open = Open: { $name }
browse-view_remove = Remove: { $name }
browse-view_name = View name:
browse-view_save = Save current view
browse-related_warn = Fetching the related records of { $n } selected rows costs about { $requests } { $requests ->
        [one] request
       *[other] requests
    }; { $left } are left today.
browse-related_anyway = Fetch related anyway
browse-export_path = Path for the export
browse-export_path_save = Save
browse-copy_field = Copy { $label }
browse-rows_filtered = { $shown } of { $total } { $total ->
        [one] row
       *[other] rows
    }, filter '{ $filter }', { $selected } selected

## settings

settings-warn_share = Ask before a fetch that costs more than this share of the requests left
settings-parallel = Simultaneous requests
settings-open_logs = Open log folder
settings-copy_diagnostics = Copy diagnostics
settings-where =
    Settings: { $config }
    Data: { $data }
    Logs: { $logs }
settings-title = Settings
settings-language = Language
settings-profiles = Profiles
settings-name = Profile name
settings-environment = Environment
settings-env_live = Live (secure.coachview.net)
settings-env_training = Training (training.coachview.net)
settings-env_custom = Custom URL
settings-custom_url = Address (URL)
settings-client_id = Client id
settings-scopes = Scopes (empty = all of the client's scopes)
settings-secret = Client secret
settings-secret_hint = The secret is kept only in the operating system's keyring, never in a file.
settings-save = Save
settings-connect = Save and connect
settings-forget_secret = Forget secret
settings-secret_done = Keyring updated.
settings-keyring_failed = The secret could not be stored in the keyring. It was NOT saved.
settings-session_only = Use the secret for this session only
settings-session_only_done = The secret is used only until you close coachdesk.
settings-test = Test connection
settings-readable = readable
settings-forbidden = forbidden (missing scope { $scope })
settings-requests_left = Requests left today: { $left }
settings-theme = Appearance:
settings-theme_system = Follow the system
settings-theme_light = Light
settings-theme_dark = Dark
settings-profile_new_name = New name:
settings-profile_active = { $name } (in use)
settings-profile_edit_hint = Show this profile in the form below to edit it
settings-profile_use = Switch to { $name }
settings-profile_rename = Rename { $name }
settings-profile_remove = Remove { $name }…
settings-profile_add = New profile
settings-profile_new_default = New profile
settings-profile_name_taken = There is already a profile named { $name }.
settings-profile_rename_ok = Save name
settings-profile_cancel = Cancel
settings-profile_remove_ask = Remove profile { $name }? The secret of this connection is also erased from the system keyring. Fetched data is kept.
settings-profile_remove_yes = Yes, remove
settings-renderer = Renderer: { $renderer }
settings-renderer_none = no window
settings-secret_moved = The client secret of '{ $name }' was moved to client id { $client } in the keyring.
settings-secret_already_there = The keyring already held a client secret for client id { $client }; '{ $name }' uses it.
settings-secret_missing = No client secret was stored under the old client id. Enter the client secret for '{ $name }' (client id { $client }) and choose Save.

## err

err-401-title = Access refused (401)
err-401-what = Coachview refused the access token. coachdesk requested a new token, but that was refused too.
err-401-todo = Check the client id and client secret in Settings, and whether the client is still active in Coachview (authorization page).
err-403-title = No permission (403)
err-403-what = The API client lacks the scope { $arg } for this request.
err-403-todo = Ask a Coachview administrator to tick the scope { $arg } for this client on the authorization page. No new secret is needed.
err-403-unknown_scope = (unknown)
err-429-title = Daily limit reached (429)
err-429-what = The limit of { $arg } { $arg ->
        [one] request
       *[other] requests
    } per 24 hours is used up. coachdesk sends nothing until the limit resets.
err-429-todo = Wait until the countdown below reaches zero. Queued enrolments go out automatically after the reset.
err-500-title = Coachview could not finish the request ({ $arg })
err-500-what = Most often this is a timeout on a large request.
err-500-todo = Narrow the date range or choose fewer records. If it keeps happening, contact support@coachview.net and include the details.
err-timeout-title = No answer from Coachview
err-timeout-what = The request took too long. Nothing was lost.
err-timeout-todo = Try again, perhaps with a shorter date range.
err-network-title = No connection to Coachview
err-network-what = coachdesk could not reach Coachview. Nothing was lost; enrolments wait in the outbox.
err-network-todo = Check the internet connection and the address in Settings, and try again.
err-tls-title = Secure connection failed
err-tls-what = The server's certificate could not be verified. Nothing was lost.
err-tls-todo = Check the address in Settings; ask IT whether a proxy or company certificate intercepts the traffic.
err-400-title = Coachview rejected the data
err-400-what = The server said: { $arg }
err-400-todo = Correct the marked fields and send again.
err-decode-title = Unexpected answer from Coachview
err-decode-what = Part of the answer could not be read (at { $arg }). The rest was kept.
err-decode-todo = Try again; if it keeps happening, copy the details for support.
err-unexpected-title = Unexpected status ({ $arg })
err-unexpected-what = Coachview answered with status { $arg }. Nothing was lost.
err-unexpected-todo = Try again; if it keeps happening, copy the details for support.
err-cancelled-title = Cancelled
err-cancelled-what = The job stopped at your request. What had arrived was kept.
err-cancelled-todo = Start the job again to fetch the rest.
err-keyring-none-title = No keyring available
err-keyring-none-what = coachdesk keeps the client secret only in the operating system's keyring, but it cannot be reached. The secret was NOT stored. The system's message is under Details.
err-keyring-none-todo = On Linux, start gnome-keyring or KWallet (a Secret Service) and try again, or use the secret for this session only.
err-keyring-locked-title = Keyring is locked
err-keyring-locked-what = The keyring refused access. The secret was not stored or read. The system's message is under Details.
err-keyring-locked-todo = Unlock the keyring (log in again or open the keyring app) and try again.
err-keyring-other-title = Keyring error
err-keyring-other-what = The keyring reported an error. The system's message is under Details.
err-keyring-other-todo = Try again, or use the secret for this session only.
err-429-what_unknown = Coachview refuses requests for now (limit reached). coachdesk sends nothing until the time shown.
err-413-title = Enrolment too large
err-413-what = Coachview refuses the enrolment because it is too large ({ $arg }).
err-413-todo = Shorten long texts (remark, free fields) and send again.
err-redirect-title = Coachview redirected
err-redirect-what = The server answered with a redirect ({ $arg }) instead of a confirmation. coachdesk does not follow it with your data or secret.
err-redirect-todo = Check the connection's address (https, the right host). An enrolment is held until you have checked in Coachview.
err-http-title = Unencrypted address
err-http-what = The address starts with http://. The secret and personal data would then travel unencrypted.
err-http-todo = Use https:// (only the simulator on this computer, 127.0.0.1 or localhost, may use http://).
err-url_credentials-title = Password in the address
err-url_credentials-what = The address holds a user name or password (like https://name:password@host). That is not used: it would end up in folder names and log files.
err-url_credentials-todo = Leave the name and password out of the address (just https://host) and keep the client secret in the keyring (Settings or coachdesk secret set).

## wiz

wiz-step_of = Step { $n } of { $total }: { $title }
wiz-back = Back
wiz-next = Next
wiz-fix_errors = Please fix the marked items first.
wiz-warning = Note: { $text }
wiz-needs_fix = Coachview refused the enrolment. Correct the marked fields and send again; everything you entered was kept.
wiz-course-search = Search (name, code, date, place)
wiz-course-loading = Loading courses…
wiz-course-reload = Reload
wiz-course-not_connected = Connect to Coachview first (or try the demo) to search courses.
wiz-course-count = { $shown } of { $total } { $total ->
        [one] course
       *[other] courses
    }
wiz-course-more = { $n } more: narrow the search.
wiz-course-none = No course found.
wiz-course-waitlist = No date that fits? Choose a course type for the waiting list:
wiz-course-waitlist_label = Waiting list: { $name }
wiz-course-chosen = Chosen: { $label }
wiz-col-code = Code
wiz-col-name = Name
wiz-col-start = Start date
wiz-col-place = Place
wiz-col-free = Free seats
wiz-contact-self = Enter the details of the person who signs up.
wiz-p-voornaam = First name
wiz-p-voorletters = Initials
wiz-p-tussenvoegsels = Name prefix
wiz-p-achternaam = Last name
wiz-p-email = E-mail address
wiz-p-phone = Phone number
wiz-p-birth = Date of birth (dd-mm-yyyy)
wiz-p-adres1 = Address
wiz-p-postcode = Postcode
wiz-p-plaats = Town
wiz-p-land = Country code
wiz-participant-n = Participant { $n }
wiz-participant-add = Add participant
wiz-participant-remove = Remove participant { $n }
wiz-participant-contact = { $name } (the contact person). Change these details in the Contact person step.
wiz-participant-none = No participants yet.
wiz-participant-edit = Edit participant { $n }
wiz-participant-close = Done with this participant
wiz-participant-edit_short = Edit
wiz-participant-remove_short = Remove
wiz-p-name = Name
wiz-company-use = Add a company
wiz-company-name = Company name
wiz-company-email = Company e-mail address
wiz-company-phone = Company phone number
wiz-debtor-use = Add invoice details (debtor)
wiz-debtor-holder = Account holder
wiz-debtor-iban = IBAN
wiz-debtor-btw = VAT number
wiz-debtor-email = Invoice to another e-mail address
wiz-debtor-private = Private person
wiz-remark = Remark
wiz-reference = Your reference (optional)
wiz-reference_hint = Leave empty: coachdesk makes a unique reference itself.
wiz-review-summary = Summary
wiz-review-course = Course
wiz-review-scenario = Who enrols
wiz-review-contact = Contact person
wiz-review-people = Number of people
wiz-review-company = Company
wiz-review-debtor = Invoice details
wiz-review-reference = Reference
wiz-review-generated = (generated automatically)
wiz-review-none = (none)
wiz-review-json = Exactly this is sent to Coachview (JSON):
wiz-send-button = Send enrolment
wiz-send-explain = The enrolment is first stored in the outbox on this computer and then sent. That way nothing is lost and it arrives exactly once.
wiz-send-busy = Sending…
wiz-sent = Sent: Coachview received the enrolment as number { $nummer }.
wiz-queued = The enrolment is safe in the outbox and will be sent automatically as soon as Coachview can be reached.
wiz-held = The enrolment is in the outbox, but it is held until the problem is solved:
wiz-new = New enrolment
wiz-to_outbox = Open the outbox

## outbox

outbox-intro = Every enrolment is stored here first and stays until Coachview has it.
outbox-flush = Send all due
outbox-refresh = Refresh
outbox-busy = Working…
outbox-empty = The outbox is empty.
outbox-col-reference = Reference
outbox-col-created = Created
outbox-col-status = Status
outbox-col-attempts = Attempts
outbox-col-error = Last error
outbox-col-next = Next try
outbox-next_now = as soon as possible
outbox-next_user = waits for you
outbox-selected = Enrolment { $reference }
outbox-send_now = Send now
outbox-edit = Edit
outbox-discard = Discard
outbox-export = Copy as JSON
outbox-copied = The JSON of { $reference } is on the clipboard.
outbox-discard-title = Discard the enrolment?
outbox-discard-body = Enrolment { $reference } will then not be sent. This cannot be undone.
outbox-discard-maybe_sent = Note: an earlier try may have arrived after all. Check in Coachview whether the enrolment is there.
outbox-discard-confirm = Yes, discard
outbox-cancel = Cancel
outbox-edit-title = Edit enrolment { $reference }
outbox-edit-label = Webaanvraag (JSON)
outbox-edit-save = Save
outbox-edit-invalid = This is not valid JSON: { $error }
outbox-edit-not_object = The webaanvraag must be a JSON object.
outbox-status-pending = Waiting to be sent
outbox-status-sending = Being sent
outbox-status-sent = Sent (number { $nummer })
outbox-status-needs_fix = Needs fixing
outbox-status-waiting = Daily limit reached, waiting until { $at }
outbox-status-discarded = Discarded
outbox-status-damaged = Damaged: this outbox row cannot be read and is not sent; its data is kept ({ $problem }).
outbox-held-401 = Held: Coachview refuses the credentials (401). Check the client id and secret.
outbox-held-403 = Held: the API client lacks the scope { $scope } (403).
outbox-held-413 = Coachview finds the enrolment too large (413). Shorten long texts and send again.
outbox-held-redirect = Held: Coachview redirected ({ $status }) instead of confirming the enrolment. It may have arrived: check in Coachview before sending again.
outbox-held-unexpected = Held: unexpected answer { $status } from Coachview. Check the connection's address.
outbox-held-unconfirmed = Held: Coachview has a webaanvraag (number { $nummer }) with this reference, but coachdesk cannot prove it is this enrolment. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.
outbox-fail-network = No connection to Coachview ({ $detail }).
outbox-fail-network_sent = The connection dropped while sending ({ $detail }); before trying again coachdesk checks whether it arrived after all.
outbox-fail-timeout = Coachview did not answer in time; before trying again coachdesk checks whether it arrived after all.
outbox-fail-server = Coachview had a failure ({ $status }). Will try again later.
outbox-fail-429 = Coachview's daily request limit was reached (429).
outbox-fail-rejected = Coachview rejected the enrolment: { $title } ({ $fields } { $fields ->
        [one] field
       *[other] fields
    }).
outbox-fail-unreadable = Coachview gave an unreadable answer ({ $detail }).
outbox-fail-interrupted = coachdesk was stopped while sending; it first checks whether the enrolment arrived.
outbox-fail-cancelled = Sending was cancelled.
outbox-fail-lookup = Checking whether the enrolment already arrived failed: { $inner }
outbox-held-cannot_tell-refused = Held: this Coachview environment cannot find webaanvragen by reference (see 'Test connection'), so coachdesk cannot see whether an earlier try arrived. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.
outbox-held-cannot_tell-ignored = Held: Coachview ignored the search by reference (other references came back), so coachdesk cannot see whether an earlier try arrived. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.
outbox-held-cannot_tell-too_many = Held: too many webaanvragen in Coachview share this reference to see whether an earlier try arrived. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.
outbox-held-server_errors = Coachview gives an error on this enrolment; contact support@coachview.net with these details: error { $status }, { $tries } tries, reference { $reference }, last at { $at } (UTC). coachdesk does not try again by itself; 'Send now' tries once more.
cli-outbox-waiting = Waiting { $secs } s until { $count } enrolment(s) may be checked or sent again (at { $at })…
cli-outbox-still_open = Still open: { $count } enrolment(s), see below.

## tenant

tenant-auto_probe = Finding out what Coachview supports (once, about { $requests } requests)
tenant-waiting = Coachview asks to wait: { $secs } s left (Cancel stops)
tenant-probe-title = What this Coachview environment does
tenant-probe-fact = Check
tenant-probe-result = Result
tenant-probe-copy = Copy report
tenant-probe-copied = Report copied to the clipboard
tenant-yes = yes
tenant-no = no
tenant-unknown = unknown
tenant-fact-datetime = Fetch changes by the hour (faster)
tenant-fact-range_end = A chosen end date counts itself
tenant-fact-count_body = Count and fetch in one request
tenant-fact-page_size = Rows per request
tenant-fact-rate_headers = Daily limit and requests left shown
tenant-fact-reference = Find a sent enrolment again
tenant-fact-read = Read: { $resource }
tenant-fact-relations = Names are sent along directly

## field

field-coachdesk-gewijzigdeVelden = Changed fields
field-coachdesk-nieuw = New
field-id = Id
field-nummer = Number
field-aanvraagStatusId = Status
field-referentieNrKlant = Customer reference
field-bedrijfId = Company
field-contactpersoonId = Contact person
field-contactpersoon2Id = Second contact person
field-opleidingId = Course
field-opleidingssoortId = Course type
field-opleidingsonderdeelId = Course part
field-persoonId = Person
field-aanvraagId = Application
field-locatieId = Location
field-startLocatieId = Start location
field-lesvormId = Teaching form
field-opleidingStatusId = Status
field-opleidingssoortStatusId = Status
field-auditTrail-gewijzigdDatumTijd = Changed on
field-auditTrail-gewijzigdDoor = Changed by
field-auditTrail-aangemaaktDatumTijd = Created on
field-auditTrail-aangemaaktDoor = Created by
field-auditTrail-etag = Version (etag)
field-code = Code
field-naam = Name
field-omschrijving = Description
field-opmerking = Remark
field-startDatum = Start date
field-eindDatum = End date
field-datum = Date
field-tijdVan = From
field-tijdTot = Until
field-aantalPlaatsenVrij = Places available
field-aantalPlaatsenBezet = Places taken
field-aantalPlaatsenMin = Minimum places
field-aantalPlaatsenMax = Maximum places
field-inactief = Inactive
field-publicatie = Published
field-totaalBedragExclBtwGepubliceerdeVerkoopregels = Price excl. VAT
field-voornaam = First name
field-tussenvoegsels = Name prefix
field-achternaam = Last name
field-email1 = Email
field-tel1 = Phone
field-emailadres = Email address
field-telefoonnummer = Phone number
field-bezoekadres-plaats = City
field-aantalDeelnemers = Participants
field-aantalPersonen = Number of people
field-verwerkt = Processed
field-aantal = Quantity
field-prijsExclBtw = Price excl. VAT
field-bedragExclBtw = Amount excl. VAT

## names

names-missing = Not found (deleted?)
names-forbidden = No read access
names-aanvraag = Application { $nummer }
names-failed = Could not be resolved: { $reason }
names-reason-network = Coachview unreachable; retried later
names-reason-server = Coachview error; retried later
names-reason-rate_limited = daily limit reached; retried after the reset
names-reason-unauthorized = not signed in; retried after reconnecting
names-reason-gave_up = after { $n } { $n ->
        [one] attempt
       *[other] attempts
    }; retried after the next sync
names-reason-other = unexpected answer

## people

people-off_scope = Looking people up in Coachview is off for this session: this connection lacks the Personen.Lezen scope. Ask your Coachview administrator to add it to the connection. You can keep typing; people are then enrolled as new.
people-off_filter = Looking people up in Coachview is off for this session: Coachview did not apply the e-mail filter, so a match cannot be trusted. You can keep typing.
people-count = Looked up in Coachview { $n } { $n ->
        [one] time
       *[other] times
    } (counts against the daily limit)
people-linked = Linked to { $name } in Coachview: no new person will be created.
people-unlink = Unlink
people-failed = The lookup failed: { $why }
people-retry = Search again
people-searching = Searching Coachview…
people-known = Known in Coachview: { $who }
people-known_inactive = Known in Coachview (inactive): { $who }
people-use = Use { $name }
people-unknown = Not known in Coachview: this person is enrolled as new.
people-search_name = Search Coachview by last name

## plist

plist-title = Participants from a list
plist-hint = Copy the rows in Excel and paste them below, with or without a header row. Or import a CSV or Excel file.
plist-paste = Paste rows from Excel
plist-import_file = Import a file (CSV/XLSX)…
plist-file_filter = Participants list
plist-from_file = From { $file }
plist-encoding = Read as { $encoding }
plist-by_header = Columns matched by the header row: { $columns }
plist-by_position = No header row recognised: the columns were read in order as { $columns }. Check the preview before you add the rows.
plist-dropped = { $n } { $n ->
        [one] row
       *[other] rows
    } were left out: a list holds at most { $max } { $max ->
        [one] row
       *[other] rows
    }.
plist-bad_rows = { $bad } of { $n } { $n ->
        [one] row
       *[other] rows
    } have an error. After adding you can fix or remove them below; nothing is sent while a row is wrong.
plist-add = Add { $n } { $n ->
        [one] participant
       *[other] participants
    }
plist-discard = Discard the list
plist-col-row = Row
plist-col-status = Check
plist-col-gender = Gender
plist-col-ignored = (not used)
plist-ok = OK
plist-more = … and { $n } more rows
plist-still_bad = { $n ->
        [one] { $n } participant still has an error (number { $rows }): fix or remove it.
       *[other] { $n } participants still have an error (numbers { $rows }): fix or remove them.
    }
plist-file_path = Path of the file
plist-file_open = Open

## recent

recent-contacts = Recently used:
recent-companies = Recent companies:

## cpick

cpick-use_contacts = Use { $name } (the contact person's company)
cpick-search = Find a stored company
cpick-search_button = Search
cpick-none_stored = No stored company found. Fetch Bedrijven in the change browser, or type a new company below.

## seats

seats-hide_full = Hide full courses
seats-hidden = { $n } full courses hidden
seats-unknown_short = unknown
seats-label = Seats
seats-enough = { $free } left for { $n } { $n ->
        [one] person
       *[other] people
    }
seats-short = Too few: { $free } left for { $n } { $n ->
        [one] person
       *[other] people
    }
seats-unknown = Unknown (Coachview gave no number of free seats) for { $n } { $n ->
        [one] person
       *[other] people
    }
seats-waitlist = Waiting list: no seats yet

## renderer

renderer-none_worked = coachdesk could not draw its window: no graphics renderer worked (tried: { $tried }). Update the graphics driver or ask your IT department for help. The command line works without a window: coachdesk --help.

## secret

secret-stored = The client secret for client '{ $client }' at { $url } is stored in the system keyring.
secret-forgotten = The client secret for client '{ $client }' at { $url } was removed from the keyring.
secret-none_stored = There was no secret stored for client '{ $client }' at { $url }; nothing was removed.
secret-empty = No secret received: give the client secret on standard input (one line), for example through a pipe.
secret-read_failed = The secret could not be read from standard input ({ $error }).
secret-bad_url = '{ $url }' is not a valid address: use for example https://secure.coachview.net.
secret-no_client = Give a client id with --client-id.
secret-keyring_failed = The system keyring could not be used: { $error }

## path

path-no_dialog = No file dialog could be opened on this computer (no desktop portal or zenity). Type the file's path below.
path-cancel = Cancel

## value

value-yes = yes
value-no = no

## datepicker

datepicker-prev_month = Previous month
datepicker-next_month = Next month
datepicker-cancel = Cancel
datepicker-save = Save
# The popup's heading: the month shown and its year.
datepicker-month_year = { $month } { $year }
# A day's accessible name: 1 December 2026.
datepicker-date = { $day } { $month } { $year }
datepicker-month-1 = January
datepicker-month-2 = February
datepicker-month-3 = March
datepicker-month-4 = April
datepicker-month-5 = May
datepicker-month-6 = June
datepicker-month-7 = July
datepicker-month-8 = August
datepicker-month-9 = September
datepicker-month-10 = October
datepicker-month-11 = November
datepicker-month-12 = December
datepicker-weekday-1 = Mo
datepicker-weekday-2 = Tu
datepicker-weekday-3 = We
datepicker-weekday-4 = Th
datepicker-weekday-5 = Fr
datepicker-weekday-6 = Sa
datepicker-weekday-7 = Su

## status words

status_word-nieuw = New
status_word-inbehandeling = In progress
status_word-verwerkt = Processed
status_word-geannuleerd = Cancelled
status_word-afgewezen = Rejected
status_word-definitief = Confirmed
status_word-optie = Option

## werr

werr-not_connected-title = Not connected
werr-not_connected-what = There is no connection to Coachview yet, so this could not be fetched or sent.
werr-not_connected-todo = Connect in Settings (or choose Try the demo), then try again.
werr-no_secret-title = No client secret
werr-no_secret-what = No client secret is stored for this profile.
werr-no_secret-todo = Enter the client secret in Settings and choose Save; coachdesk then connects.
werr-no_cursor-title = Not fetched before
werr-no_cursor-what = { $arg } has not been synced before, so there is no 'since last time'.
werr-no_cursor-todo = Choose a date range first and fetch the changes.
werr-too_busy-title = Too many changes on one day
werr-too_busy-what = { $day } holds { $count } { $count ->
        [one] change
       *[other] changes
    }, more than can be fetched safely. What arrived is kept.
werr-too_busy-todo = Fetch the days before and after separately, or ask Coachview support for an export of that day.
werr-store-title = The storage on this computer failed
werr-store-what = The data on this computer could not be read or written.
werr-store-todo = Check that there is disk space and that the folder is writable, then try again. Nothing was lost.
werr-outbox_busy-title = Already sending
werr-outbox_busy-what = Another coachdesk window or command is sending from the same outbox right now.
werr-outbox_busy-todo = Wait until it is done; the outbox is updated after that by itself.
werr-outbox_entry-title = This enrolment cannot be changed now
werr-outbox_entry-what = This enrolment no longer exists, or was sent or changed in the meantime.
werr-outbox_entry-todo = The list was out of date and has been refreshed. Look at the enrolment again.
werr-config-title = Settings not saved
werr-config-what = The settings file { $arg } could not be read or written.
werr-config-todo = Your settings are still on screen. Check that the settings folder is writable and choose Save again.
werr-draft-title = Draft not saved
werr-draft-what = The draft could not be saved in { $arg }.
werr-draft-todo = What you entered is still on screen. Check that there is disk space; the draft is saved again at the next change.
werr-disk_full-title = The disk is full
werr-disk_full-what = The disk is full: { $arg } could not be written.
werr-disk_full-todo = Free some space or choose another place and try again. An existing file was not touched.
werr-file-title = File failed
werr-file-what = { $arg } could not be written.
werr-file-todo = Check that the file is not open in another program (such as Excel) and that you may write there, or choose another place.
werr-internal-title = Something went wrong in coachdesk
werr-internal-what = A task of coachdesk stopped unexpectedly; what was done is kept.
werr-internal-todo = Try again. If it happens again, send the log file to support.
werr-cli_secret-todo = Store the secret in the app's Settings (or with coachdesk secret set), set { $env }, or pass --secret-stdin.
werr-input-title = Invalid input
werr-input-what = What was given is not valid (see the details).
werr-input-todo = Correct the input and try again. Nothing was sent or changed.
werr-other_connection-title = Not sent: another profile
werr-other_connection-what = This enrolment was made for another profile than the one connected now. It was not sent, so no ids of one Coachview environment go to another.
werr-other_connection-todo = Choose the profile the enrolment is meant for in the status bar, or choose the course and persons again in the wizard.
werr-ties-title = Fetch stopped
werr-ties-what = More than { $limit } records share exactly the same change time ({ $at }); they cannot be fetched safely in parts. What arrived is kept.
werr-ties-todo = Ask Coachview support for an export of that moment, or fetch the time before and after it separately.
werr-empty_range-title = Invalid range
werr-empty_range-what = The end of the range is not after its start.
werr-empty_range-todo = Choose an end date after the start date and try again.
werr-folder-title = Folder not created
werr-folder-what = The folder or file { $arg } could not be created.
werr-folder-todo = Check that there is disk space and that you may write in that folder, then try again. Nothing was lost.
werr-outbox_store-title = The outbox failed
werr-outbox_store-what = The outbox on this computer could not be read or written.
werr-outbox_store-todo = Check that there is disk space and that the folder is writable, then try again. What was in the outbox is kept.
werr-outbox_corrupt-title = Unreadable data in the outbox
werr-outbox_corrupt-what = The outbox holds data that cannot be read. It is not overwritten.
werr-outbox_corrupt-todo = Send the log file to support; the other enrolments in the outbox are sent as usual.
werr-outbox_newer-title = Outbox of a newer coachdesk
werr-outbox_newer-what = This outbox was written by a newer version of coachdesk than this one.
werr-outbox_newer-todo = Install the newest version of coachdesk. The outbox is kept unchanged; nothing was lost.
werr-outbox_reference-title = Reference cannot be used
werr-outbox_reference-what = The reference { $arg } cannot be used: it is empty, too long, or contains ; , = & or #.
werr-outbox_reference-todo = Choose another reference. Nothing was sent.
werr-outbox_body-title = Not a valid enrolment
werr-outbox_body-what = The enrolment is not a JSON object.
werr-outbox_body-todo = Check the enrolment file. Nothing was sent.
werr-tenant-title = Connection facts not kept
werr-tenant-what = What coachdesk learned about this Coachview environment could not be kept in { $arg }.
werr-tenant-todo = Check that the folder is writable. Next time coachdesk finds out about the environment again.
werr-export_build-title = Export failed
werr-export_build-what = The export file could not be built. The existing file was not touched.
werr-export_build-todo = Try another format (such as CSV) or a smaller selection; if it happens again, send the log file to support.
werr-export_rows-title = Too many rows for Excel
werr-export_rows-what = { $rows } rows do not fit in one Excel sheet (at most { $max }).
werr-export_rows-todo = Choose a smaller selection, or export as CSV.
werr-list_read-title = Participants list not read
werr-list_read-what = The file { $arg } could not be read.
werr-list_read-todo = Check that the file is not open in another program (such as Excel) and that it is a participants list. Nothing was changed.
werr-list_large-title = Participants list too large
werr-list_large-what = The file { $arg } is larger than { $max } MB.
werr-list_large-todo = Save only the participants in a file of their own and choose that.
werr-list_kind-title = This kind of file is not read
werr-list_kind-what = { $arg } is not a .csv, .txt, .xlsx, .xls or .ods file.
werr-list_kind-todo = Save the list in Excel as .xlsx or .csv and choose that file.
werr-list_sheet-title = No worksheet
werr-list_sheet-what = The workbook { $arg } has no worksheet.
werr-list_sheet-todo = Open the workbook in Excel, check that the participants are on a worksheet, and save it again.

## session

session-reused-sent = This enrolment was queued before as outbox entry { $id } and was sent on { $at } (number { $nummer }). It was not enrolled twice.
session-reused-open = This enrolment was queued before as outbox entry { $id } (on { $at }). It was not enrolled twice.
session-reused-again = Use --again to enrol once more.

## sync

sync-missing = records changed from { $from } up to { $to }
sync-one_at_a_time = Coachview is answering slowly or busy: continuing with one request at a time
cli-sync-planned = Planned: about { $records } { $records ->
        [one] record
       *[other] records
    } in { $windows } { $windows ->
        [one] window
       *[other] windows
    }, about { $requests } { $requests ->
        [one] request
       *[other] requests
    }.
cli-sync-left = { $left } { $left ->
        [one] request is
       *[other] requests are
    } left today.
cli-sync-over_limit = That is more than today's limit allows: the sync stops at the limit, keeps what it read, and `coachdesk sync --since-last` continues from there on the next day.
sync-incomplete = incomplete, not fetched: { $missing }
sync-received = { $bytes } { $bytes ->
        [one] byte
       *[other] bytes
    } received in { $requests } { $requests ->
        [one] request
       *[other] requests
    }
gap-short-title = Not every record could be read
gap-short-what = { $missing } of the { $count } { $count ->
        [one] record
       *[other] records
    } of { $day } could not be read. Coachview counted them but did not send them, not even on a second try. What was stored before is kept and nothing was removed.
gap-short-todo = Try again later. If they are still missing, send the log file to support@coachview.net and name the day.
gap-no_progress-title = Coachview kept sending the same records
gap-no_progress-what = For { $day } Coachview sent records that had already arrived instead of the next ones. The fetch was stopped so as not to waste requests; what arrived is kept.
gap-no_progress-todo = Run the tenant check again (Settings) and try again; if it keeps happening, send the log file to support.
gap-back_in_time-title = Coachview sent the records out of order
gap-back_in_time-what = For { $day } Coachview's pages went back in time although they were sorted by change time. That way it cannot be proven that everything arrived; what arrived is kept.
gap-back_in_time-todo = Fetch that day again later; if it keeps happening, run the tenant check again and send its report to support.
gap-absurd_count-title = Coachview gave an impossible count
gap-absurd_count-what = Coachview counts { $count } { $count ->
        [one] record
       *[other] records
    } for { $day }. That cannot be right, so nothing was built on it; what arrived is kept.
gap-absurd_count-todo = Try again later with a shorter range; if it keeps happening, send the log file to support@coachview.net.
gap-server_error-title = Coachview gave an error fetching one day
gap-server_error-what = Coachview answered with an error (500) for the changes of { $day }, usually a timeout. This Coachview cannot be asked for parts smaller than a day. What arrived is kept.
gap-server_error-todo = Try again outside office hours. If it keeps happening, contact support@coachview.net, name the day and include the details.
gap-tiny_pages-title = Coachview sends too few records a page
gap-tiny_pages-what = Coachview sends { $missing } { $missing ->
        [one] record
       *[other] records
    } a page; the { $count } { $count ->
        [one] record
       *[other] records
    } of { $day } would cost hundreds of requests. The fetch was stopped to spare the daily limit; what arrived is kept.
gap-tiny_pages-todo = Choose a shorter range; if it keeps happening, send the log file to support@coachview.net.
tenant-fact-desc = Fetch newest first (busy days faster)
tenant-fact-extra = Start dates and free seats of courses
err-429_later-title = Coachview refuses requests for now (429)
err-429_later-what = Coachview did not say when it accepts requests again. coachdesk waited once; after that Coachview still refused.
err-429_later-todo = Try again later, for example in an hour. What arrived is kept.

## scenario

scenario-self-label = A participant enrols themself
scenario-employees-label = A contact person enrols employees
scenario-self_and_employees-label = A contact person enrols themself and employees
scenario-self-explanation = Choose this when the person taking the course signs up themself. You fill in only that person's details; they are both the contact person and the participant.
scenario-employees-explanation = Choose this when someone (a manager or HR, say) signs up colleagues but does not take part. You fill in the contact person, then the participants.
scenario-self_and_employees-explanation = Choose this when the contact person signs up colleagues and takes part too. The contact person is then added to the participants automatically.

## step

step-course = Course
step-scenario = Who enrols
step-contact = Contact person
step-participants = Participants
step-company = Company and invoice
step-review = Review
step-send = Send

## issue

issue-required = Please fill in this field.
issue-last_name_required = Please enter the last name.
issue-first_name_required = Please enter the first name or the initials.
issue-email_required = Please enter the contact person's e-mail address.
issue-invalid_email = This is not a valid e-mail address (example: name@company.com).
issue-invalid_postcode = A Dutch postcode is four digits and two letters, like 1234 AB.
issue-phone_characters = Use only digits, spaces, dashes and a + at the start.
issue-phone_dutch_length = A Dutch phone number has 10 digits (06 12345678) or +31 and 9 digits.
issue-phone_length = This phone number has too few or too many digits.
issue-invalid_date = Write the date as dd-mm-yyyy, for example 01-05-1990.
issue-birth_date_not_in_past = The date of birth must be in the past.
issue-contact_listed_as_employee = The contact person is also listed as a participant. Does the contact person take part? Then choose 'A contact person enrols themself and employees'.
issue-no_course = Please choose a course first.
issue-no_scenario = Please choose who is enrolling.
issue-no_participants = Please add at least one participant.
issue-invalid_iban = This IBAN is not valid (check the digits).
issue-invalid_reference = The reference may have at most 50 characters and no ; , = & or #.
issue-duplicate_person = This person is already listed ({ $first }): same e-mail address or same name and date of birth.
issue-more_than_free_seats = There are { $free } free seats and you are enrolling { $wanted } { $wanted ->
        [one] person
       *[other] people
    }. Coachview may put participants on the waiting list.
issue-number_of_people_mismatch = aantalPersonen is { $stated }, but there are { $counted } { $counted ->
        [one] participant
       *[other] participants
    }.
issue-wrong_type = Expected: { $expected }.
issue-warning_tag = {" "}(warning)
issue-whole_enrolment = (webaanvraag)
issue-contact_person = contact person
issue-participant_n = participant { $n }

## world

world-use_demo = Use the demo
world-demo_where = built-in simulator
world-ids_cleared-title = Draft enrolment adapted to this profile
world-ids_cleared = This draft enrolment was started in profile '{ $name }'. The course and the linked Coachview persons of that profile were taken out; names and e-mail addresses were kept.
world-ids_cleared-todo = Choose the course again in '{ $now }' and check the participants before sending.

## probe words

tenant-fact-enrol = May this client enrol? (Webaanvragen.Schrijven)
tenant-enrol_unknown = unknown until the first enrolment
tenant-tech-enrol = Scope Webaanvragen.Schrijven, read from the token answer (scope); nothing is sent
tenant-tech-datetime = Date-time filter: where=audittrail.gewijzigddatumtijd>=T;<U (keyset paging)
tenant-tech-desc = orderby audittrail.gewijzigdDatumTijd desc
tenant-tech-relations = InclusiefDirecteRelaties=true
tenant-tech-extra = InclusiefExtraVelden=true
tenant-tech-reference = where=referentieNrKlant=… on Webaanvragen
tenant-tech-range_end = Range where=field=D1,D2 includes D2
tenant-tech-count_body = Count=true also returns the rows (RowCount header)
tenant-tech-page_size = Largest page (take) Coachview returns
tenant-tech-rate_headers = X-Rate-Limit-* headers in the answers
tenant-tech-read = Scope { $resource }.Lezen (GET { $resource }, take=2)
settings-test_cost = Costs about { $n } { $n ->
        [one] request
       *[other] requests
    } (at most { $max }) of the { $left } left today.
settings-test_cost_unknown = Costs about { $n } { $n ->
        [one] request
       *[other] requests
    } (at most { $max }) of the daily limit.

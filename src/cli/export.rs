//! `coachdesk export`: write stored records of a resource (after a sync) to CSV, XLSX or JSON.

use crate::error::WorkerError;
use crate::resource::Resource;
use crate::session::StoredExport;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `coachdesk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub(crate) connection: super::connection::ConnectionArgs,
    /// The resource, e.g. Aanvragen.
    #[arg(long)]
    pub resource: String,
    /// First day of the change range (YYYY-MM-DD); all stored records when left out.
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day, inclusive (YYYY-MM-DD).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// Columns (dotted paths), comma-separated; default: the resource's default columns.
    #[arg(long, value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Output file; the format follows the extension (.csv, .xlsx, .json).
    #[arg(long)]
    pub out: PathBuf,
    /// Header row with the field paths (e.g. aanvraagStatusId), for integrators, instead of
    /// the readable column names.
    #[arg(long)]
    pub field_paths: bool,
}

/// The CLI's progress line: every second, "exported N/M" on stderr.
pub(super) fn progress_lines() -> impl FnMut(usize, usize) {
    let clock = crate::clock::Clock::system();
    let mut last = clock.instant();
    move |done, total| {
        if clock.since(last) >= std::time::Duration::from_secs(1) {
            last = clock.instant();
            eprintln!("exported {done}/{total}");
        }
    }
}

/// Runs `coachdesk export`.
pub fn run(args: ExportArgs) -> ExitCode {
    let result = (|| -> Result<usize, WorkerError> {
        let resource = Resource::parse(&args.resource)
            .ok_or_else(|| WorkerError::Input(format!("unknown resource '{}'", args.resource)))?;
        let (from, to) = match (&args.from, &args.to) {
            (Some(f), Some(t)) => {
                let (a, b) = super::days::day_range(f, t)?;
                (Some(a), Some(b))
            }
            _ => (None, None),
        };
        let what = StoredExport {
            resource,
            range: from.zip(to),
            columns: &args.columns,
            out: &args.out,
            field_paths: args.field_paths,
        };
        args.connection
            .folder()
            .export_stored(&what, &mut progress_lines())
    })();
    match result {
        Ok(rows) => {
            let file = args.out.display().to_string();
            println!("rows={rows} file={}", super::text::field(&file));
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e, crate::i18n::Lang::En),
    }
}

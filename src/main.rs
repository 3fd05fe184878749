//! `tenure`: see `tenure --help`.

use std::process::ExitCode;

use clap::Parser;
use tenure::config::{Cli, Command, ExportFormat, ImportFormat, ServeSettings};
use tenure::startup::Application;
use tenure::{dataset, generate, graphql, popolo, telemetry};

// Counting, so that caches weigh their entries by the memory they hold.
#[global_allocator]
static ALLOCATOR: tenure::memory::Counting<mimalloc::MiMalloc> =
    tenure::memory::Counting(mimalloc::MiMalloc);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(settings)) => serve(settings),
        Some(Command::Schema(settings)) => {
            if settings.federation {
                print!("{}", graphql::subgraph_sdl());
            } else {
                print!("{}", graphql::sdl());
            }
            Ok(())
        }
        Some(Command::Check(settings)) => check(&settings.data),
        Some(Command::Generate(settings)) => generate::write(
            generate::Plan {
                offices: settings.offices,
                terms_per_office: settings.terms_per_office,
                seed: settings.seed,
            },
            &settings.out,
        ),
        Some(Command::Export(ExportFormat::Popolo(settings))) => {
            popolo::export::to_file(&settings.data, settings.out.as_deref())
        }
        Some(Command::Import(ImportFormat::Popolo(settings))) => popolo::import::run(
            &settings.file,
            &settings.out,
            popolo::import::Options {
                lenient: settings.lenient,
                as_of: settings.as_of,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: ServeSettings) -> anyhow::Result<()> {
    let _flush_logs_on_exit = telemetry::init(settings.log_format);
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(&settings)?;
        println!("listening on http://{} (GraphiQL at /)", app.address());
        if let Some(metrics) = app.metrics_address() {
            println!("metrics on http://{metrics}/metrics");
        }
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn check(dir: &std::path::Path) -> anyhow::Result<()> {
    match dataset::load(dir) {
        Ok(loaded) => {
            let d = &loaded.dataset;
            println!(
                "{}: ok: {} organizations, {} offices, {} people, {} terms (version {})",
                dir.display(),
                d.organizations.len(),
                d.offices.len(),
                d.secretaries.len(),
                d.terms.len(),
                loaded.version
            );
            Ok(())
        }
        Err(e) => anyhow::bail!("{}: {e}", dir.display()),
    }
}

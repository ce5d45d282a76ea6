//! `claimtrack export`: the corpus (as `report` filters it) as schema.org
//! ClaimReview, W3C Web Annotations, CSV or JSON Lines, to stdout or a
//! file replaced atomically; the errors that left claims out are listed on
//! stderr, as `report` lists them.

use std::io::Write;

use anyhow::Context;

use claimtrack::export::{ClaimReviewOptions, write_claimreview, write_csv, write_jsonl};
use claimtrack::model::Annotation;
use claimtrack::report::View;

use crate::Outcome;
use crate::args::{ExportArgs, ExportFormat, Global};
use crate::output::{say, write_plain_stdout};

pub(crate) fn run(args: ExportArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let limits = global.limits();
    let filter = args.filters.filter(false)?;
    let output = args
        .output
        .as_deref()
        .map(|o| {
            claimtrack::write::output_target(root, o)
                .with_context(|| format!("cannot write {}", o.display()))
        })
        .transpose()?;
    // Grouped as `report` groups: with the model it uses, if any.
    let model = crate::model::find_model(global, false)?;
    let bar = crate::progress::ProgressBar::new();
    let loaded = crate::report::load(global, &bar)?;
    bar.done();
    let mut known_then = Vec::new();
    let (annotations, reconciled, computed) = crate::report::grouped(
        &loaded,
        args.filters.as_of.as_ref(),
        model.as_ref(),
        &mut known_then,
        &|_, _| {},
    )?;
    if computed {
        loaded.write_reconciled_cache(&reconciled);
    }
    let view = View::new(annotations, &reconciled, &filter);
    if view.groups.is_empty() && !reconciled.groups.is_empty() {
        say!(
            anstream::stderr(),
            "claimtrack: no claim matches the filters given"
        );
    }
    let options = ClaimReviewOptions {
        all: args.all,
        url: args.review_url.clone(),
        publisher: args.publisher.clone(),
    };
    let article_text = |a: &Annotation| -> Option<String> {
        let file = loaded.files.articles.get(&a.key)?;
        claimtrack::corpus::read_text(file, limits.max_article_bytes).ok()
    };
    let warnings = std::cell::RefCell::new(Vec::new());
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            ExportFormat::Claimreview => write_claimreview(&view, &options, out),
            ExportFormat::Webannotation => {
                let said = claimtrack::export::write_webannotation(&view, &article_text, out)?;
                *warnings.borrow_mut() = said;
                Ok(())
            }
            ExportFormat::Csv => write_csv(&view, out),
            ExportFormat::Jsonl => write_jsonl(&view, out),
        }
    };
    match &output {
        Some(path) => claimtrack::write::write_atomic_streamed(path, write)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => write_plain_stdout(write)?,
    }
    for w in warnings.into_inner() {
        say!(anstream::stderr(), "warning: {w}");
    }
    Ok(crate::report::list_errors_of(
        "export",
        &loaded.problems,
        root,
    ))
}

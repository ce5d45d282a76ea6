//! `claimtrack eval`: the corpus grouped and scored against a gold
//! grouping (pair precision, recall, F1), as text or JSON.

use crate::Outcome;
use crate::args::{EvalArgs, EvalFormat, Global};
use crate::output::{say, write_plain_stdout, write_stdout};

pub(crate) fn run(args: EvalArgs, global: &Global) -> anyhow::Result<Outcome> {
    let root = &global.root;
    let gold_path = args.gold.unwrap_or_else(|| root.join("gold.tsv"));
    let gold = claimtrack::eval::read_gold_file(&gold_path)?;
    let model = crate::model::find_model(global, matches!(args.format, EvalFormat::Text))?;
    let cache = if global.no_cache {
        claimtrack::cache::Cache::disabled()
    } else {
        claimtrack::cache::Cache::open(root, &global.limits())
    };
    let loaded = claimtrack::load::load_with(root, &global.limits(), cache, &|_| {})?;
    let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
    let bar = crate::progress::ProgressBar::new();
    let embeddings = match &model {
        Some(m) => Some(loaded.embeddings(&loaded.annotations, m, &|d, t| bar.embedding(d, t))?),
        None => None,
    };
    bar.done();
    let ev = claimtrack::eval::evaluate(
        &loaded.annotations,
        &loaded.aliases,
        &gold,
        args.sample,
        embeddings.as_ref(),
    );
    match args.format {
        EvalFormat::Json => write_plain_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &ev)?;
            out.write_all(b"\n")
        })?,
        // Plain text naming claims from the corpus: made printable whole.
        EvalFormat::Text => write_stdout(&claimtrack::text::printable(
            &claimtrack::eval::render_text(&ev),
        ))?,
    }
    if errors > 0 {
        say!(
            anstream::stderr(),
            "claimtrack: {errors} errors in the corpus (run `check`); their claims were left out"
        );
        return Ok(Outcome::Errors);
    }
    Ok(Outcome::Clean)
}

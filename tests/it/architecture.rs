//! The layers of ARCHITECTURE.md, checked: imports point one way, down the layers.
//!
//! The module graph is read from the sources: every `crate::…` and `super::…` path outside a
//! `#[cfg(test)]` module is an edge from the file's module to the deepest module the path names.
//! The rules, each failing with the offending modules named (and each shown to fail on a planted
//! violation by a test of its own below):
//! - no module imports one that imports it back, directly or through others (file modules);
//! - the same for top-level modules (`s3::presign` counts as `s3`), so whole layers are acyclic;
//! - top-level modules import only those below them in ARCHITECTURE.md's list of layers (leaves
//!   may import leaves), and every top-level module is in that list;
//! - below `commands/`, nothing imports `cli`;
//! - only the documented places print: `main`, `report`, `commands/`, `output/`, progress bars in
//!   `transfer/progress.rs` (indicatif) and a download's bytes to stdout in
//!   `transfer/download/stream.rs` (`tokio::io::stdout`);
//! - only `settings/` and `output/` read the environment.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Modules allowed to read the command line as clap parsed it.
const READS_CLI: &[&str] = &["main", "cli", "commands"];

/// Modules allowed to write to the terminal themselves.
const PRINTS: &[&str] = &["main", "commands", "output", "report"];

/// What prints, when written outside [`PRINTS`].
const PRINTING: &[&str] = &[
    "println!",
    "eprintln!",
    "print!(",
    "eprint!(",
    "std::io::stderr()",
    "std::io::stdout()",
    " io::stderr()",
    " io::stdout()",
    "tokio::io::stdout",
    "tokio::io::stderr",
    "indicatif",
];

/// Single files below [`PRINTS`] allowed one way of printing each, as ARCHITECTURE.md says.
const PRINTS_ALSO: &[(&str, &str)] = &[
    ("transfer::progress", "indicatif"),
    ("transfer::download::stream", "tokio::io::stdout"),
];

/// Modules allowed to read the environment.
const READS_ENV: &[&str] = &["settings", "output"];

/// What reads the environment.
const READING_ENV: &[&str] = &["env::var", "env::vars", "var_os("];

/// One module per source file: `s3/presign.rs` is `s3::presign`, `s3/mod.rs` is `s3`.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let source = fs::read_to_string(&file).unwrap();
            (parts.join("::"), without_tests(&source).to_owned())
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The source up to its unit tests, which may import what they like.
fn without_tests(source: &str) -> &str {
    match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => &source[..at],
        None => source,
    }
}

/// The modules `source` (module `name`) refers to, resolved against the known modules.
fn imports(name: &str, source: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let parent = name.rsplit_once("::").map_or("", |(p, _)| p);
    for (prefix, base) in [("crate::", String::new()), ("super::", parent.to_owned())] {
        for (at, _) in source.match_indices(prefix) {
            for path in paths_after(&source[at + prefix.len()..]) {
                let full = if base.is_empty() {
                    path
                } else {
                    format!("{base}::{path}")
                };
                if let Some(target) = deepest_module(&full, known) {
                    found.insert(target);
                }
            }
        }
    }
    // A parent reaches its children by their bare names (`mod parallel;` … `parallel::fetch`).
    let children = known.iter().filter_map(|m| {
        let child = m.strip_prefix(name)?.strip_prefix("::")?;
        (!child.contains("::")).then_some((m, child))
    });
    for (module, child) in children {
        let used = source.match_indices(&format!("{child}::")).any(|(at, _)| {
            let before = source[..at].chars().next_back().unwrap_or(' ');
            !(before.is_alphanumeric() || before == '_' || before == ':')
        });
        if used {
            found.insert(module.clone());
        }
    }
    found.remove(name);
    found
}

/// The paths a `use` tree or an inline path starts with: `a::b::{c, d::e}` gives `a::b::c` and
/// `a::b::d::e`.
fn paths_after(text: &str) -> Vec<String> {
    let head: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let head = head.trim_end_matches(':').to_owned();
    let rest = &text[head.len()..].trim_start_matches(':');
    if !rest.starts_with('{') {
        return vec![head];
    }
    let inner = &rest[1..rest.find('}').unwrap_or(rest.len())];
    inner
        .split(',')
        .map(|part| part.trim().trim_start_matches('{'))
        .filter(|part| !part.is_empty())
        .map(|part| {
            let part: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            format!("{head}::{part}")
        })
        .collect()
}

fn deepest_module(path: &str, known: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| known.contains(candidate))
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap()
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().filter(|m| !m.is_empty()).cloned().collect();
    modules
        .iter()
        .filter(|(name, _)| name.as_str() != "main")
        .map(|(name, source)| (name.clone(), imports(name, source, &known)))
        .collect()
}

/// A cycle in `graph`, as the list of modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_graph_is_read_from_the_sources() {
    let graph = graph();
    assert!(
        graph["commands::share"].contains("s3::presign"),
        "{graph:?}"
    );
    assert!(graph.len() > 30, "{graph:?}");
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    if let Some(cycle) = find_cycle(&graph()) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn top_level_modules_form_layers() {
    let mut layers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, targets) in graph() {
        let entry = layers.entry(top(&module).to_owned()).or_default();
        entry.extend(
            targets
                .iter()
                .map(|t| top(t).to_owned())
                .filter(|t| t != top(&module)),
        );
    }
    if let Some(cycle) = find_cycle(&layers) {
        panic!("top-level import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn only_commands_read_the_command_line() {
    let offenders: Vec<String> = graph()
        .into_iter()
        .filter(|(module, targets)| targets.contains("cli") && !READS_CLI.contains(&top(module)))
        .map(|(module, _)| module)
        .collect();
    assert!(
        offenders.is_empty(),
        "import crate::cli below commands/: {offenders:?}"
    );
}

/// The modules in `source` that print outside the documented places.
fn printing_outside_the_documented_places(
    modules: &BTreeMap<String, String>,
) -> Vec<(String, &'static str)> {
    let mut offenders = Vec::new();
    for (module, source) in modules {
        if PRINTS.contains(&top(module)) {
            continue;
        }
        for what in PRINTING {
            let allowed = PRINTS_ALSO.contains(&(module.as_str(), *what));
            if source.contains(what) && !allowed {
                offenders.push((module.clone(), *what));
            }
        }
    }
    offenders
}

#[test]
fn only_the_documented_places_print() {
    let offenders = printing_outside_the_documented_places(&modules());
    assert!(
        offenders.is_empty(),
        "print without going through output: {offenders:?}"
    );
}

#[test]
fn a_planted_print_is_caught() {
    for (module, source) in [
        ("transfer::put", "use indicatif::ProgressBar;"),
        ("s3::client", "tokio::io::stdout().write_all(b\"x\")"),
        ("transfer::download::stream", "eprintln!(\"x\")"),
        ("pages", "let _ = std::io::stdout().flush();"),
    ] {
        let modules = BTreeMap::from([(module.to_owned(), source.to_owned())]);
        let offenders = printing_outside_the_documented_places(&modules);
        assert!(
            !offenders.is_empty() && offenders.iter().all(|(m, _)| m == module),
            "{module}: {source}: {offenders:?}"
        );
    }
    let allowed = BTreeMap::from([
        (
            "transfer::progress".to_owned(),
            "indicatif::ProgressBar".to_owned(),
        ),
        ("output".to_owned(), "eprintln!(\"x\")".to_owned()),
    ]);
    assert!(printing_outside_the_documented_places(&allowed).is_empty());
}

/// The modules in `modules` that read the environment outside [`READS_ENV`].
fn reading_the_environment(modules: &BTreeMap<String, String>) -> Vec<String> {
    modules
        .iter()
        .filter(|(module, _)| !READS_ENV.contains(&top(module)))
        .filter(|(_, source)| READING_ENV.iter().any(|r| source.contains(r)))
        .map(|(module, _)| module.clone())
        .collect()
}

#[test]
fn only_settings_and_output_read_the_environment() {
    let offenders = reading_the_environment(&modules());
    assert!(
        offenders.is_empty(),
        "read the environment outside settings/ and output/ (decide it in settings): {offenders:?}"
    );
}

#[test]
fn a_planted_environment_read_is_caught() {
    let planted = BTreeMap::from([
        (
            "transfer::stall".to_owned(),
            "std::env::var(\"S3SHARE_TIMEOUT\")".to_owned(),
        ),
        (
            "commands::init".to_owned(),
            "std::env::var_os(\"CI\")".to_owned(),
        ),
        ("settings".to_owned(), "std::env::var(name)".to_owned()),
    ]);
    assert_eq!(
        reading_the_environment(&planted),
        ["commands::init", "transfer::stall"]
    );
}

/// The leaf modules a line of the leaves' entry names: `name.rs`, or `name/` for a leaf with
/// sub-modules.
fn leaf_names(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '/'))
        .filter_map(|word| {
            let name = word
                .strip_suffix(".rs")
                .or_else(|| word.strip_suffix('/'))?;
            let plain = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            plain.then(|| name.to_owned())
        })
        .collect()
}

/// The layers ARCHITECTURE.md lists, top first: each top-level module with its rank, the leaves
/// all sharing the last.
fn documented_layers(architecture: &str) -> BTreeMap<String, usize> {
    let section = &architecture[architecture
        .find("## The layers")
        .expect("a layers section")..];
    let start = section.find("```\n").expect("a layer list") + 4;
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let mut ranks = BTreeMap::new();
    let mut rank = 0;
    let mut in_leaves = false;
    for line in block.lines() {
        if line.starts_with(char::is_whitespace) {
            if in_leaves {
                for leaf in leaf_names(line) {
                    ranks.insert(leaf, rank);
                }
            }
            continue;
        }
        let Some(first) = line.split_whitespace().next() else {
            continue;
        };
        rank += 1;
        in_leaves = first == "leaves";
        if in_leaves {
            for leaf in leaf_names(line) {
                ranks.insert(leaf, rank);
            }
        } else {
            let name = first.trim_end_matches('/').trim_end_matches(".rs");
            ranks.insert(name.to_owned(), rank);
        }
    }
    ranks
}

/// Each top-level import that points up the documented layers or between two modules of the
/// same layer (other than leaves), and each top-level module the list does not name.
fn against_the_layers(
    graph: &BTreeMap<String, BTreeSet<String>>,
    ranks: &BTreeMap<String, usize>,
) -> Vec<String> {
    let leaves = ranks.values().copied().max().unwrap_or(0);
    let mut problems = BTreeSet::new();
    for (module, targets) in graph {
        let from = top(module);
        let Some(&from_rank) = ranks.get(from) else {
            problems.insert(format!("{from} is not in ARCHITECTURE.md's list of layers"));
            continue;
        };
        for target in targets.iter().map(|t| top(t)).filter(|t| *t != from) {
            match ranks.get(target) {
                None => {
                    problems.insert(format!(
                        "{target} is not in ARCHITECTURE.md's list of layers"
                    ));
                }
                Some(&to) if to > from_rank || (to == leaves && from_rank == leaves) => {}
                Some(_) => {
                    problems.insert(format!("{module} imports {target}, which is not below it"));
                }
            }
        }
    }
    problems.into_iter().collect()
}

#[test]
fn imports_follow_the_documented_order_of_layers() {
    let architecture =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    let ranks = documented_layers(&architecture);
    assert!(
        ranks["commands"] < ranks["transfer"] && ranks["s3"] < ranks["error"],
        "{ranks:?}"
    );
    let problems = against_the_layers(&graph(), &ranks);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_planted_upward_import_is_caught() {
    let ranks = BTreeMap::from([
        ("commands".to_owned(), 1),
        ("transfer".to_owned(), 2),
        ("s3".to_owned(), 3),
        ("error".to_owned(), 4),
        ("terminal".to_owned(), 4),
    ]);
    let edges = |pairs: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            graph
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
        }
        graph
    };
    let fine = edges(&[
        ("commands::get", "transfer::download"),
        ("transfer::put", "s3::client"),
        ("s3::errors", "error"),
        ("error", "terminal"),
    ]);
    assert!(against_the_layers(&fine, &ranks).is_empty());
    let up = edges(&[("s3::errors", "transfer::retry")]);
    assert_eq!(
        against_the_layers(&up, &ranks),
        ["s3::errors imports transfer, which is not below it"]
    );
    let unlisted = edges(&[("net::sdk", "error")]);
    assert_eq!(
        against_the_layers(&unlisted, &ranks),
        ["net is not in ARCHITECTURE.md's list of layers"]
    );
}

/// The subcommands, as `cli.rs` declares them (`enum Command`'s variants, lower-cased).
fn subcommands(cli: &str) -> BTreeSet<String> {
    let start = cli
        .find("pub enum Command {")
        .expect("enum Command in cli.rs");
    let body = &cli[start..start + cli[start..].find("\n}").unwrap()];
    body.lines()
        .skip(1)
        .filter_map(|line| {
            let line = line.strip_prefix("    ")?;
            let name: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
            name.starts_with(|c: char| c.is_ascii_uppercase())
                .then(|| name.to_lowercase())
        })
        .collect()
}

/// The entries of `commands/` (file stems and folder names) that are neither a subcommand nor
/// `common` (nor `mod`).
fn not_commands(entries: &[String], commands: &BTreeSet<String>) -> Vec<String> {
    entries
        .iter()
        .filter(|entry| !commands.contains(*entry) && !["mod", "common"].contains(&entry.as_str()))
        .cloned()
        .collect()
}

#[test]
fn commands_holds_commands_and_common_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let commands = subcommands(&fs::read_to_string(root.join("cli.rs")).unwrap());
    assert!(
        commands.contains("upload") && commands.contains("revoke"),
        "{commands:?}"
    );
    let entries: Vec<String> = fs::read_dir(root.join("commands"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    let offenders = not_commands(&entries, &commands);
    assert!(
        offenders.is_empty(),
        "not a subcommand in commands/ (shared helpers go to commands/common/): {offenders:?}"
    );
}

#[test]
fn a_planted_helper_in_commands_is_caught() {
    let cli = "pub enum Command {\n    /// Doc\n    Upload(UploadArgs),\n\n    Man,\n}\n";
    let commands = subcommands(cli);
    assert_eq!(
        commands,
        BTreeSet::from(["man".to_owned(), "upload".to_owned()])
    );
    let entries = ["mod", "common", "upload", "man", "send"].map(str::to_owned);
    assert_eq!(not_commands(&entries, &commands), ["send"]);
}

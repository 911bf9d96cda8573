//! The layers of ARCHITECTURE.md, checked: imports point one way, down the layers.
//!
//! The module graph is read from the sources: every `crate::…` and `super::…` path outside a
//! `#[cfg(test)]` module is an edge from the file's module to the deepest module the path names.
//! Three rules follow, each failing with the offending modules named:
//! - no module imports one that imports it back, directly or through others (file modules);
//! - the same for top-level modules (`s3::presign` counts as `s3`), so whole layers are acyclic;
//! - below `commands/`, nothing imports `cli`, and below `output`, nothing prints.

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
];

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

#[test]
fn only_output_prints() {
    let offenders: Vec<String> = modules()
        .into_iter()
        .filter(|(module, _)| !PRINTS.contains(&top(module)))
        .filter(|(_, source)| PRINTING.iter().any(|p| source.contains(p)))
        .map(|(module, _)| module)
        .collect();
    assert!(
        offenders.is_empty(),
        "print without going through output: {offenders:?}"
    );
}

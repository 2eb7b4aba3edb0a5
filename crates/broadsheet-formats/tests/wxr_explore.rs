//! Exploration.
use broadsheet_formats::{wxr, ImportOptions};
use broadsheet_core::BuildMode;

#[test]
fn explore() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/wxr");
    let mut files = Vec::new();
    for dir in ["wordpress-importer", "tryghost-migrate", "tryghost-migrate/multiple"] {
        for e in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "xml") { files.push(p); }
        }
    }
    files.sort();
    for p in files {
        for mode in [BuildMode::Strict, BuildMode::Lenient] {
            let r = wxr::import_file(&p, ImportOptions { mode, ..Default::default() });
            match r {
                Ok(i) => {
                    let c = i.counts();
                    println!("{} {:?}: OK a={} t={:?} p={:?} c={:?} issues={}", p.file_name().unwrap().to_string_lossy(), mode, c.authors, c.terms, c.posts_by_status, c.comments, i.report.issues.len());
                    for issue in &i.report.issues { println!("    {issue}"); }
                    let out = wxr::export_string(&i.site);
                    match wxr::import_str(&out, ImportOptions { mode, ..Default::default() }) {
                        Ok(again) => if again.site != i.site {
                            println!("    ROUNDTRIP DIFF");
                            let a = format!("{:#?}", i.site); let b = format!("{:#?}", again.site);
                            for (x, y) in a.lines().zip(b.lines()) { if x != y { println!("      {x}\n   => {y}"); break; } }
                        },
                        Err(e) => println!("    ROUNDTRIP ERR {e}"),
                    }
                }
                Err(e) => println!("{} {:?}: ERR {e}", p.file_name().unwrap().to_string_lossy(), mode),
            }
        }
    }
}

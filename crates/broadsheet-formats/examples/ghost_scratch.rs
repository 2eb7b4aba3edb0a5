//! scratch
fn main() {
    for f in std::env::args().skip(1) {
        let imported = broadsheet_formats::ghost::import_file(&f, Default::default()).unwrap();
        println!("== {f} {}\n{}", imported.format, imported.report);
        println!("{:?}", imported.counts());
        for p in &imported.site.posts { println!("{:?} {:?} {:?} {:?} {:?}", p.source_id, p.slug, p.authors, p.terms, p.published); }
        for t in &imported.site.terms { println!("{:?}", t); }
        for a in &imported.site.authors { println!("{:?}", a); }
        println!("{:?} {:?}", imported.site.time_zone, imported.site.meta.0.iter().map(|e| &e.key).collect::<Vec<_>>());
        let text = broadsheet_formats::ghost::export_string(&imported.site);
        let again = broadsheet_formats::ghost::import_str(&text, Default::default()).unwrap();
        println!("roundtrip equal: {}\n{}", again.site == imported.site, again.report);
        if again.site != imported.site {
            for (a,b) in again.site.posts.iter().zip(&imported.site.posts) { if a!=b { println!("A {:?}\nB {:?}", a, b); break; } }
        }
    }
}

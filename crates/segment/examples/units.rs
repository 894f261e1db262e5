//! Prints the units segmentation sees in a text file, one per line (`|` for
//! a blank line): `cargo run -p attache-segment --example units FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: units FILE");
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    for unit in attache_segment::units(&text) {
        if unit.is_empty() {
            println!("|");
        } else {
            println!("{}", unit.replace('\n', " \u{2424} "));
        }
    }
}

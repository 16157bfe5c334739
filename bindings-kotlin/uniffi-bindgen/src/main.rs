//! `cargo run -p uniffi-bindgen -- generate <lib.so> --language kotlin --out-dir <dir>`

fn main() {
    uniffi::uniffi_bindgen_main()
}

//! Any bytes read as JSON Lines or CSV give mentions or typed errors naming a line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otklik::io::{CsvReader, JsonlReader, OnError, ReadOptions};

fuzz_target!(|bytes: &[u8]| {
    let options = ReadOptions::new().on_error(OnError::Skip).max_record_bytes(1 << 16);
    for item in JsonlReader::new(bytes, options.clone()) {
        if let Err(e) = item {
            assert!(e.line() >= 1);
        }
    }
    let _ = CsvReader::new(bytes, options).count();
});

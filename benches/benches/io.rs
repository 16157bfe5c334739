//! Reading and writing mentions: JSON Lines and CSV throughput on the real tweets of
//! `../shared/data/sentirueval2016-banks.jsonl` (3,313 records), from memory.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use otklik::io::{CsvReader, CsvWriter, JsonlReader, JsonlWriter, ReadOptions};

fn io(c: &mut Criterion) {
    let jsonl = std::fs::read(otklik_benches::shared_data("sentirueval2016-banks.jsonl"))
        .expect("../shared/data/sentirueval2016-banks.jsonl beside the project");
    let mentions: Vec<_> = JsonlReader::new(jsonl.as_slice(), ReadOptions::new())
        .collect::<Result<_, _>>()
        .unwrap();
    let mut csv = CsvWriter::new(Vec::new());
    for m in &mentions {
        csv.write(m).unwrap();
    }
    let csv = csv.into_inner().unwrap();

    let mut group = c.benchmark_group("io");
    group.throughput(Throughput::Elements(mentions.len() as u64));
    group.bench_function("read_jsonl", |b| {
        b.iter(|| JsonlReader::new(black_box(jsonl.as_slice()), ReadOptions::new()).count())
    });
    group.bench_function("read_csv", |b| {
        b.iter(|| CsvReader::new(black_box(csv.as_slice()), ReadOptions::new()).count())
    });
    group.bench_function("write_jsonl", |b| {
        b.iter(|| {
            let mut w = JsonlWriter::new(Vec::with_capacity(jsonl.len()));
            for m in &mentions {
                w.write(m).unwrap();
            }
            w.into_inner().unwrap().len()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = io
}
criterion_main!(benches);

#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| qarin_fuzz::bitext_json_writers(data));

#[cfg(not(fuzzing))]
fn main() {
    qarin_fuzz::replay(qarin_fuzz::bitext_json_writers);
}

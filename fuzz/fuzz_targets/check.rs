#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| qarin_fuzz::check(data));

#[cfg(not(fuzzing))]
fn main() {
    qarin_fuzz::replay(qarin_fuzz::check);
}

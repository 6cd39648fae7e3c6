//! Test tables shared by the parsers whose tests read a line into a flat `View` of its
//! event (`view(line) -> Option<View>`, with a `kind` field) and call the module's
//! `parse(line)`: both are resolved where the macro is used.

/// `case!(name, line, Kind, field = value, ...)`: the line parses to `Kind` and each named
/// field of the module's `View` has the given value.
macro_rules! case {
    ($name:ident, $line:expr, $kind:ident $(, $field:ident = $val:expr)* $(,)?) => {
        #[test]
        fn $name() {
            let line: &str = $line;
            let v = view(line).unwrap_or_else(|| panic!("not parsed: {line:?}"));
            assert_eq!(v.kind, EventKind::$kind, "kind of {line:?}: {v:?}");
            $( assert_eq!(v.$field, $val, "{} of {line:?}", stringify!($field)); )*
        }
    };
}

/// `none!(name, line)`: the module's parser does not take the line.
macro_rules! none {
    ($name:ident, $line:expr) => {
        #[test]
        fn $name() {
            let line: &str = $line;
            assert!(
                parse(line).is_none(),
                "parsed: {line:?} -> {:?}",
                parse(line)
            );
        }
    };
}

import HandbookModel
import Testing

/// Anchors and aliases in front matter: resolved where they are used as values, capped where
/// they would expand without bound, refused where they are keys (Yams hashes keys whole, before
/// any cap can apply), and never mistaken in quotes, comments or block text.
@Suite struct YAMLAliasTests {
    /// Nine anchors, each a list of nine aliases of the one before: 9^9 values if expanded.
    static let bomb =
        "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + (1...8).map { "a\($0): &a\($0) [" + Array(repeating: "*a\($0 - 1)", count: 9).joined(separator: ", ") + "]\n" }.joined()

    /// Parses front matter that starts on line 2; the error's `line:col: message`, or nil.
    func problem(_ yaml: String) -> String? {
        do {
            _ = try YAMLNode.parse(yaml, file: "Content/a.md", firstLine: 2)
            return nil
        } catch {
            return "\(error.location.line):\(error.location.column): \(error.message)"
        }
    }

    @Test func aliasesRepeatTheirAnchorsValue() throws {
        let node = try #require(try YAMLNode.parse("title: &t Hello\nsummary: *t\ntags: &l [a, b]\nkeywords: *l\n", file: "a"))
        #expect(node["summary"]?.scalar == "Hello")
        #expect(node["keywords"]?.sequence?.compactMap(\.scalar) == ["a", "b"])
    }

    @Test func mergeKeysBringInTheAnchoredMapping() throws {
        let node = try #require(
            try YAMLNode.parse("base: &b {type: string, label: Base}\nfield:\n  <<: *b\n  label: Own\n", file: "a"))
        let field = try #require(node["field"])
        #expect(field["type"]?.scalar == "string")
        #expect(field["label"]?.scalar == "Own", "a key written in the mapping wins over a merged one")
    }

    @Test(arguments: [
        // An alias bomb used as a value is stopped by the cap, at the anchor being repeated.
        (bomb, "5:5: aliases repeat the value anchored here into more than 10000 values"),
        // Used as a key, it would stall in Yams' duplicate check: refused before Yams sees it.
        (bomb + "k: {*a8 : 1}\n", "11:5: an alias (*a8) is used as a key"),
        (bomb + "k:\n  - *a8: 1\n", "12:5: an alias (*a8) is used as a key"),
        (bomb + "k: {[*a8]: 1}\n", "11:5: a list or mapping with an alias (*name) in it is used as a key"),
        (bomb + "? *a8\n: 1\n", "11:1: an explicit key (`? `) is used beside aliases"),
    ])
    func aliasBombsFailFast(_ yaml: String, _ expected: String) {
        #expect(problem(yaml) == expected)
    }

    @Test(arguments: [
        "title: \"*a: in quotes\"\nx: &a 1\ny: *a\n",
        "title: '*a: in quotes'\nx: &a 1\ny: *a\n",
        "title: x # *a: in a comment\nx: &a 1\ny: *a\n",
        "summary: |\n  *Note: a block of text*\n  - *b: c\nx: &a 1\ny: *a\n",
        "summary: Use *bold* and 2 * 3: fine\n",
        "tags: [*a, b]\nx: 1\n",
    ])
    func aliasLikeTextIsNotAKey(_ yaml: String) {
        let found = problem(yaml)
        #expect(found.map { !$0.contains("used as a key") && !$0.contains("explicit key") } ?? true, "\(found ?? "")")
    }
}

import Foundation
import HandbookRender
import Testing

@Suite struct SearchTests {
    func document(
        title: String = "Title", summary: String? = nil, headings: [String] = [], fields: [String] = [], body: String = ""
    ) -> SearchDocument {
        SearchDocument(
            title: title, url: "a/", section: "", summary: summary, headings: headings, fieldsHTML: fields, bodyHTML: body)
    }

    func scores(_ document: SearchDocument) -> [String: Int] {
        var result: [String: Int] = [:]
        for (term, score) in document.terms {
            #expect(result[term] == nil, "term \(term) listed twice")
            result[term] = score
        }
        return result
    }

    @Test func weightsAddUpAcrossTheTitleHeadingsSummaryFieldsAndBody() {
        let terms = scores(
            document(
                title: "Roadmap Owner", summary: "Owns the roadmap", headings: ["Roadmap reviews"],
                fields: ["<p>roadmap</p>"], body: "<p>The <em>roadmap</em> is a ROADMAP.</p>"))
        // title 50 + heading 8 + summary 4 + field 3 + body 2
        #expect(terms["roadmap"] == 67)
        #expect(terms["owner"] == 50)
        #expect(terms["owns"] == 4)
        #expect(terms["reviews"] == 8)
    }

    @Test func stopWordsShortWordsAndOverlongWordsAreLeftOut() {
        let long = String(repeating: "x", count: 41)
        let terms = scores(document(title: "The A of it", body: "<p>x an \(long) forty \(String(repeating: "y", count: 40))</p>"))
        #expect(terms["the"] == nil && terms["of"] == nil && terms["it"] == nil && terms["an"] == nil)
        #expect(terms["a"] == nil && terms["x"] == nil && terms[long] == nil)
        #expect(terms["forty"] == 1)
        #expect(terms[String(repeating: "y", count: 40)] == 1)
    }

    @Test func markupAndEntitiesAreNotWords() {
        let terms = scores(document(body: "<p>Risk&amp;reward <a href=\"x.html\">link</a>s</p><ul><li>one</li><li>two</li></ul>"))
        #expect(terms["risk"] == 1 && terms["reward"] == 1)
        #expect(terms["amp"] == nil && terms["href"] == nil && terms["html"] == nil)
        // An inline tag does not split a word; a block boundary does.
        #expect(terms["links"] == 1)
        #expect(terms["one"] == 1 && terms["two"] == 1)
    }

    @Test func nonASCIIWordsAreLowerCasedIntoOneTerm() {
        let terms = scores(document(body: "<p>Équipe équipe ÉQUIPE</p>"))
        #expect(terms["équipe"] == 3)
        #expect(terms.count == 2)  // "title" and "équipe"
    }

    @Test func theSnippetIsTheSummaryThenTheBodyCutAtTheLimit() {
        let body = "<p>" + String(repeating: "é", count: SearchIndex.snippetLimit) + "</p>"
        let text = document(summary: "Short.", body: body).text
        #expect(text.unicodeScalars.count == SearchIndex.snippetLimit)
        #expect(text.hasPrefix("Short. éé"))
        #expect(document(body: "<p>a &lt;b&gt; &quot;c&quot;</p>\n<p>d</p>").text == "a <b> \"c\" d")
    }

    @Test func theIndexListsBestPagesFirstInShardsByTheFirstTwoLetters() throws {
        let pages = [
            document(title: "Alpha", body: "<p>roadmap</p>"),
            document(title: "Beta", body: "<p>roadmap roadmap</p>"),
            document(title: "Gamma", body: "<p>été</p>"),
        ]
        let files = Dictionary(uniqueKeysWithValues: SearchIndex.files(for: pages).map { ($0.path, $0.data) })
        let shard = try #require(files["search/terms/ro.js"])
        #expect(String(decoding: shard, as: UTF8.self) == "handbookSearchLoaded(\"terms/ro\",{\"roadmap\":[1,2,0,1]});\n")
        #expect(files["search/terms/_.js"].map { String(decoding: $0, as: UTF8.self).contains("\"été\":[2,1]") } == true)
        let meta = try #require(files["search/meta.js"])
        #expect(String(decoding: meta, as: UTF8.self).contains("\"shards\":[\"_\",\"al\",\"be\",\"ga\",\"ro\"]"))
    }

    /// The live index, after any sequence of pages replaced, has the files a fresh index of the
    /// same pages has, byte for byte; and it names every file that changed.
    @Test func theLiveIndexEqualsAFreshOneAfterEveryReplacement() {
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let words = ["roadmap", "owner", "backlog", "sprint", "metric", "release", "river", "roster", "élan", "x9", "zz", "_id"]
        func page(_ number: Int) -> SearchDocument {
            let body = (0..<(1 + next(30))).map { _ in words[next(words.count)] }.joined(separator: " ")
            return SearchDocument(
                title: "Page \(words[next(words.count)]) \(number % 7)", url: "p\(number)/", section: ["", "Roles"][next(2)],
                summary: next(3) == 0 ? "About \(words[next(words.count)])" : nil, headings: [], fieldsHTML: [],
                bodyHTML: "<p>\(body)</p>")
        }
        var documents = (0..<120).map(page)
        var live = LiveSearchIndex(documents: documents)
        func fresh() -> [String: Data] { Dictionary(uniqueKeysWithValues: SearchIndex.files(for: documents).map { ($0.path, $0.data) }) }
        #expect(live.files == fresh())
        for step in 0..<200 {
            let number = next(documents.count)
            // Now and then the page stays as it was, or loses every word.
            let replacement = step % 17 == 0 ? documents[number] : step % 23 == 0 ? page(number).emptied : page(number)
            let before = live.files
            documents[number] = replacement
            let changed = live.replace(number, with: replacement)
            let expected = fresh()
            #expect(live.files == expected, "step \(step)")
            let differing = Set(expected.keys).union(before.keys).filter { before[$0] != expected[$0] }
            #expect(differing.isSubset(of: changed), "step \(step): \(differing.subtracting(changed).sorted())")
            if live.files != expected { return }
        }
    }
}

extension SearchDocument {
    /// The same page with no words at all.
    fileprivate var emptied: SearchDocument {
        SearchDocument(title: "", url: url, section: section, summary: nil, headings: [], fieldsHTML: [], bodyHTML: "")
    }
}

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
}

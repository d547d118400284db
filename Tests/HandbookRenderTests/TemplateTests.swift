import HandbookRender
import Testing

@Suite struct TemplateTests {
    func render(_ text: String, _ context: TemplateValue, partials: [String: String] = [:]) throws -> String {
        var library = TemplateLibrary()
        library.register(try Template(text), named: "main")
        for (name, partial) in partials { library.register(try Template(partial), named: name) }
        return library.render("main", context) ?? "<missing>"
    }

    @Test func variablesEscapeUnlessTripled() throws {
        let html = try render("{{a}}|{{{a}}}|{{&a}}", ["a": "<b class=\"x\">&'"])
        #expect(html == "&lt;b class=&quot;x&quot;&gt;&amp;&#39;|<b class=\"x\">&'|<b class=\"x\">&'")
    }

    @Test func sectionsIterateListsAndShowTruthyValues() throws {
        let context: TemplateValue = ["items": [["n": "1"], ["n": "2"]], "yes": true, "no": false, "empty": [], "text": "t"]
        #expect(try render("{{#items}}[{{n}}]{{/items}}", context) == "[1][2]")
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^empty}}E{{/empty}}", context) == "Y!NE")
        #expect(try render("{{#text}}<{{.}}>{{/text}}{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", context) == "<t>m")
    }

    @Test func dottedNamesAndOuterContexts() throws {
        let context: TemplateValue = ["page": ["title": "T", "tags": ["a", "b"]], "root": "../"]
        #expect(try render("{{page.title}}:{{#page.tags}}{{root}}{{.}} {{/page.tags}}", context) == "T:../a ../b ")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        let text = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n"
        #expect(try render(text, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
    }

    @Test func partialsAndInheritance() throws {
        let partials = [
            "base": "<main>{{$main}}default{{/main}}</main>{{$aside}}none{{/aside}}",
            "crumb": "[{{title}}]",
        ]
        let text = "{{<base}}{{$main}}{{>crumb}} body{{/main}}{{/base}}"
        #expect(try render(text, ["title": "x"], partials: partials) == "<main>[x] body</main>none")
    }

    @Test func parseErrorsNameTheLine() throws {
        // Each template must throw: a parse that succeeds fails the test.
        let unclosed = try #require(throws: Template.ParseError.self) { try Template("a\n{{#open}}\nb\n") }
        #expect(unclosed.line == 2)
        #expect(unclosed.message == "{{#open}} is never closed with {{/open}}")
        let mismatched = try #require(throws: Template.ParseError.self) { try Template("line one\n{{#open}}\n{{/shut}}\n") }
        #expect(mismatched.line == 3)
        #expect(mismatched.message == "{{/shut}} does not match {{#open}} opened on line 2")
        let unterminated = try #require(throws: Template.ParseError.self) { try Template("x\n\ny {{name\n") }
        #expect(unterminated.line == 3)
        #expect(unterminated.column == 3)
    }
}

import HandbookModel
import HandbookRender
import Testing

@Suite struct FlowDiagramTests {
    func track(_ name: String, _ ids: [String], line: Int = 1) -> FlowTrack {
        FlowTrack(
            name: name,
            steps: ids.enumerated().map {
                Located(EntryRef(collection: "roles", id: $1), at: SourceLocation(file: "p.md", line: line, column: $0 + 1))
            })
    }

    @Test func tracksThatPartAndMeetAreLaidOutInLanes() {
        // a → b → d and a → c → d: b and c share a column in their own rows; a and d sit between.
        let layout = FlowDiagram.layout([track("upper", ["a", "b", "d"]), track("lower", ["a", "c", "d"])])
        func at(_ id: String) -> FlowDiagram.Position? { layout.positions[EntryRef(collection: "roles", id: id)] }
        #expect(layout.columns == 3)
        #expect(at("a") == FlowDiagram.Position(column: 0, row: 0.5))
        #expect(at("b") == FlowDiagram.Position(column: 1, row: 0))
        #expect(at("c") == FlowDiagram.Position(column: 1, row: 1))
        #expect(at("d") == FlowDiagram.Position(column: 2, row: 0.5))
    }

    @Test func aLongerTrackPushesTheJoinToTheRight() {
        let layout = FlowDiagram.layout([track("short", ["a", "z"]), track("long", ["b", "c", "z"])])
        #expect(layout.positions[EntryRef(collection: "roles", id: "z")]?.column == 2)
    }

    @Test func aCycleIsReportedAtTheStepThatClosesIt() throws {
        let tracks = [track("up", ["a", "b"], line: 4), track("back", ["b", "a"], line: 7)]
        let error = try #require(throws: Diagnostic.self) { try FlowGraph(tracks: tracks).checkAcyclic() }
        #expect(
            error.description
                == "p.md:7:2: error: career path has a cycle: a → b → a [flow-cycle]\n    hint: a path must only move forward; remove the step that leads back"
        )
    }
}

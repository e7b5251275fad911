@testable import Client
import Testing

struct EventBacklogTests {
    @Test func eventsComeOutInTheOrderTheyCameIn() {
        var backlog = EventBacklog<Int>()
        #expect(backlog.takeOldest() == nil)
        for event in 0..<3 { backlog.append(event) }
        #expect(backlog.takeOldest() == 0)
        backlog.append(3)
        #expect([backlog.takeOldest(), backlog.takeOldest(), backlog.takeOldest()] == [1, 2, 3])
        #expect(backlog.takeOldest() == nil)
        backlog.append(4)
        #expect(backlog.takeOldest() == 4)
    }

    @Test func aLongBacklogDrainsWhole() {
        var backlog = EventBacklog<Int>()
        for event in 0..<10_000 { backlog.append(event) }
        var taken: [Int] = []
        while let event = backlog.takeOldest() { taken.append(event) }
        #expect(taken == Array(0..<10_000))
    }
}

import BrineCore
import Testing

struct StripedDictionaryTests {
    @Test func entriesAreKeptRemovedAndReplacedByKey() {
        let table = StripedDictionary<Int>(stripes: 4)
        for index in 0..<1_000 { table.withEntry("minion-\(index)") { $0 = index } }
        for index in 0..<1_000 {
            let id = "minion-" + String(index)
            let stored: Int? = table.withEntry(id) { $0 }
            #expect(stored == index, "\(id)")
        }
        table.withEntry("minion-7") { $0 = nil }
        #expect(table.withEntry("minion-7") { $0 } == nil)
        #expect(table.withEntry("minion-8") { entry -> Bool in
            entry = (entry ?? 0) + 1
            return entry == 9
        })
        #expect(table.withEntry("nobody") { $0 } == nil)
    }

    @Test func oneStripeWorksToo() {
        let table = StripedDictionary<String>(stripes: 0)
        table.withEntry("a") { $0 = "x" }
        table.withEntry("b") { $0 = "y" }
        #expect(table.withEntry("a") { $0 } == "x")
        #expect(table.withEntry("b") { $0 } == "y")
    }
}

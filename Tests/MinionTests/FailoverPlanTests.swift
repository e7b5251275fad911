@testable import Minion
import XCTest

/// The order a failover minion tries its masters in: the next one at once, a pause after a whole round
/// without one, and back to the first on failback.
final class FailoverPlanTests: XCTestCase {
    func testMovesOnInOrderAndPausesAfterARound() {
        var plan = FailoverPlan(count: 3)
        XCTAssertEqual(plan.current, 0)
        XCTAssertEqual(plan.moveOn().index, 1)
        XCTAssertEqual(plan.moveOn().delay, 0)
        let round = plan.moveOn()
        XCTAssertEqual(round.index, 0)
        XCTAssertEqual(round.delay, 1, "every master failed in turn: pause before asking the first again")
        XCTAssertEqual(plan.moveOn().delay, 0)
    }

    func testAcceptanceStartsTheCountOverAndFailbackReturnsToTheFirst() {
        var plan = FailoverPlan(count: 2)
        _ = plan.moveOn()
        plan.accepted()
        XCTAssertTrue(plan.isAwayFromFirst)
        XCTAssertEqual(plan.moveOn().delay, 0, "the master that went away is the first failure since an acceptance")
        _ = plan.moveOn()
        plan.failBack()
        XCTAssertEqual(plan.current, 0)
        XCTAssertFalse(plan.isAwayFromFirst)
    }

    func testASingleMasterIsAskedAgainAfterAPause() {
        var plan = FailoverPlan(count: 1)
        XCTAssertEqual(plan.moveOn().index, 0)
        XCTAssertEqual(FailoverPlan(count: 1).count, 1)
    }
}

import Logging
import MessagePack
import Pillar
import SaltWire

extension RequestHandler {
    /// `_pillar`: the minion's pillar, compiled from its id (the authenticated session's, never the
    /// load's) and the grains it sent, sealed so that only it can read it (Salt's `send_private`,
    /// signed by the master). Grains and pillar are kept for targeting. A pillar file that does not
    /// render is logged, naming it, and reaches the minion as Salt's `_errors`.
    func servePillar(_ request: PillarRequest, to session: SessionRequest) throws -> Handled {
        let id = session.id
        let grains = request.grains.mapValue != nil ? request.grains : context.minions.grains(id)
        let compilation = context.pillar.compile(id: id, grains: grains, pillarenv: request.pillarenv.stringValue)
        for problem in compilation.problems {
            context.logger.error("pillar of \(id): \(problem)")
        }
        context.minions.update(id, grains: grains, pillar: compilation.pillar)
        guard request.wantsPrivateReply else {
            return Handled(reply: SessionReply.seal(compilation.pillar, nonce: session.nonce, session: session.session))
        }
        guard let minionKey = context.keys.acceptedKey(id) else { throw WireError.badToken(id) }
        return Handled(reply: try PrivateReply.seal(
            compilation.pillar, nonce: session.nonce, minionKey: minionKey, masterKey: context.masterKey,
            encryption: session.encryption, signing: session.signing))
    }
}

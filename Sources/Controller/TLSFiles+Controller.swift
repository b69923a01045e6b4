import NIOSSL
import TLSCredentials

/// The controller's contexts, with a file problem reported as the controller's own error.
extension TLSFiles {
    func serverContext() throws(ControllerError) -> NIOSSLContext {
        do { return try makeServerContext() } catch { throw .tls(error.description) }
    }

    func clientContext() throws(ControllerError) -> NIOSSLContext {
        do { return try makeClientContext() } catch { throw .tls(error.description) }
    }
}

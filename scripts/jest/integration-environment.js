// The integration tier's test environment: once a file's tests and hooks
// have run, it stops every part the file registered with stopAfterFile
// (test/support/teardown.ts), newest first, so sockets, consumers and timers
// never outlive their file, whatever failed. It does so on jest-circus's
// `run_finish` event, while the file's module registry is still alive
// (kafkajs loads protocol modules lazily, also while disconnecting); a part
// that does not stop in time is reported by name.
const { TestEnvironment } = require('jest-environment-node');

const STOP_TIMEOUT_MS = 30000;

class IntegrationEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name === 'run_finish') await this.stopParts();
  }

  async teardown() {
    await this.stopParts();
    await super.teardown();
  }

  async stopParts() {
    const parts = (this.global.__cardlineStartedParts ?? []).splice(0).reverse();
    for (const part of parts) {
      let timer;
      const timedOut = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
      });
      try {
        const outcome = await Promise.race([part.stop().then(() => 'stopped'), timedOut]);
        if (outcome === 'timeout')
          console.error(`[teardown] ${part.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
      } catch (err) {
        console.error(`[teardown] ${part.name} failed to stop: ${err && err.message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

module.exports = IntegrationEnvironment;

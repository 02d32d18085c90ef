import { state, TestAborted } from "./runtime";

export default {
  vu: {
    get idInTest() {
      return state.vu;
    },
  },
  scenario: {
    get iterationInTest() {
      return state.iteration;
    },
  },
  test: {
    abort(message?: string): never {
      state.aborted = message ?? "aborted";
      throw new TestAborted(state.aborted);
    },
    fail(message?: string) {
      state.failed.push(message ?? "fail");
    },
  },
};

export { scenarios } from "../library";
export { type RunOptions, type RunResult, runScenario } from "./runner";
export { defineScenario, type Scenario, type ScenarioContext } from "./scenario";

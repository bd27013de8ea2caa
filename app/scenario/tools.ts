/**
 * What the scenario panel needs only once someone opens, records, shares or compares a
 * scenario: the runner, the validator, links, the recorder, the comparison and the lessons.
 * The store loads it on first use (`import()`), so that a first visit does not.
 */
export { compareFacts, compareVerdicts, facts } from './compare';
export { LESSONS } from './lessons';
export { packScenario, unpackScenario } from './link';
export { startRecording } from './recorder';
export { ScenarioRunner } from './runner';
export { formatProblem, parseScenario, toFileForm } from './validate';

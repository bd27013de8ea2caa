import type { AppStore } from '../store/appStore';
import { embedInHash, findLesson } from './embedLink';
import { LESSONS } from './lessons';
import { scenarioInHash } from './link';
import type { ScenarioStore } from './scenarioStore';

/**
 * Opens what a link's fragment names: a shared scenario (`#scenario=…`) or a built-in lesson
 * (`#lesson=01`), and plays it through with `autoplay`. A link that names something that does
 * not exist says so, and the playground stays as it was.
 */
export async function openFromHash(hash: string, scenarios: ScenarioStore, app: AppStore) {
  const request = embedInHash(hash);
  const packed = scenarioInHash(hash);
  const { actions } = scenarios.getState();
  let opened = false;
  if (packed !== undefined) {
    opened = await actions.openLink(packed);
  } else if (request.lesson !== undefined) {
    const id = findLesson(
      LESSONS.map((l) => l.id),
      request.lesson,
    );
    const lesson = LESSONS.find((l) => l.id === id);
    if (lesson) {
      await actions.open(lesson.scenario, 'lesson');
      opened = scenarios.getState().scenario !== undefined;
    } else {
      app.setState({
        notice: {
          kind: 'error',
          text: `The link names the lesson “${request.lesson}”, which does not exist; the playground is unchanged. The lessons are ${LESSONS.map((l) => l.id).join(', ')}.`,
        },
      });
    }
  } else if (request.embed) {
    app.setState({
      notice: {
        kind: 'error',
        text: 'This embed link names no lesson and no scenario: add lesson=01 (a built-in lesson) or scenario=… (a shared link’s scenario).',
      },
    });
  }
  if (opened && request.autoplay) {
    if (request.speed) app.getState().actions.setSpeed(request.speed);
    actions.setPaced(true);
    await actions.playAll();
  }
}

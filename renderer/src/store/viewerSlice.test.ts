import { describe, expect, it } from 'vitest';
import { testDeckStore } from '../testing/deckStore';

const launch = { sessionId: 'new', size: '1024x768', since: 1 };

describe('viewer slice', () => {
  it('follows a launch until its viewer shows the first frame', () => {
    const { actions, state } = testDeckStore();
    actions().beginLaunch('desk', launch);
    actions().setViewerPhase('new', 'first_frame');
    expect(state().launches.desk).toEqual(launch);
    actions().setViewerPhase('new', 'connected');
    expect(state().launches).toEqual({});
    expect(state().viewerPhases).toEqual({ new: 'connected' });
    actions().setViewerPhase('new', null);
    expect(state().viewerPhases).toEqual({});
  });

  it('ends a launch when its viewer gives up or goes away, not when another viewer moves', () => {
    const { actions, state } = testDeckStore();
    actions().beginLaunch('desk', launch);
    actions().setViewerPhase('other', 'connected');
    expect(state().launches.desk).toBeDefined();
    actions().setViewerPhase('new', 'disconnected');
    expect(state().launches).toEqual({});
    actions().beginLaunch('desk', { ...launch, sessionId: 'next' });
    actions().setViewerPhase('next', null);
    expect(state().launches).toEqual({});
  });

  it('starts no launch for a viewer that already connected', () => {
    const { actions, state } = testDeckStore({}, { viewerPhases: { new: 'connected' } });
    actions().beginLaunch('desk', launch);
    expect(state().launches).toEqual({});
  });

  it('keeps one thumbnail per session, and drops it on null', () => {
    const { actions, state } = testDeckStore();
    actions().setThumbnail('a', 'data:image/jpeg;base64,a');
    actions().setThumbnail('b', 'data:image/jpeg;base64,b');
    actions().setThumbnail('a', null);
    expect(state().thumbnails).toEqual({ b: 'data:image/jpeg;base64,b' });
  });
});

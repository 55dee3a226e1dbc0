/** Pod waiting reasons no amount of waiting fixes: an operator has to change something. */
const operatorReasons = ['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CrashLoopBackOff', 'CreateContainerConfigError'];

interface PodLike {
  metadata?: { name?: string };
  status?: { containerStatuses?: { name?: string; image?: string; state?: { waiting?: { reason?: string; message?: string } } }[] };
}

/** The first container stuck for a reason only an operator can fix, as a sentence, or null. */
export function diagnosePods(pods: readonly PodLike[]): string | null {
  for (const pod of pods) {
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      if (waiting?.reason && operatorReasons.includes(waiting.reason)) {
        const detail = waiting.message ? `: ${waiting.message}` : '';
        return `pod ${pod.metadata?.name ?? '?'} container ${container.name ?? '?'} (${container.image ?? '?'}) is in ${waiting.reason}${detail}`;
      }
    }
  }
  return null;
}

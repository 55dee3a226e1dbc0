/**
 * Rendezvous (highest-random-weight) hashing: a cluster belongs to the live poller of its unit
 * whose hash of `poller|cluster` is highest. Every poller computes the same owner from the same
 * member list with no coordination, and a join or leave moves only the clusters the newcomer
 * wins or the leaver held (about 1/n). Why HRW and not a ring: docs/adr/0010-sensor-ownership-by-rendezvous-on-nats-kv.md.
 */

/**
 * A 53-bit string hash (cyrb53: two 32-bit multiply-xorshift lanes, finalised like murmur3's
 * fmix). Fast on V8 without BigInt, and well mixed in every bit, which HRW needs: a weak hash
 * makes one poller win too often.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The weight of a poller for a cluster; the highest weight owns the cluster. */
export function weightOf(pollerId: string, clusterId: string): number {
  return hash53(`${pollerId}|${clusterId}`);
}

/**
 * The owner of `clusterId` among `livePollers` (the live pollers of the cluster's unit), or
 * undefined when none is live. Ties (1 in 2^53) go to the smaller poller id so every process
 * agrees.
 */
export function ownerOf(clusterId: string, livePollers: readonly string[]): string | undefined {
  let owner: string | undefined;
  let best = -1;
  for (const pollerId of livePollers) {
    const weight = weightOf(pollerId, clusterId);
    if (weight > best || (weight === best && owner !== undefined && pollerId < owner)) {
      owner = pollerId;
      best = weight;
    }
  }
  return owner;
}

/** The clusters `pollerId` owns among `clusterIds`, given the live pollers of their unit. */
export function ownedBy(pollerId: string, clusterIds: Iterable<string>, livePollers: readonly string[]): string[] {
  const owned: string[] = [];
  for (const clusterId of clusterIds) {
    if (ownerOf(clusterId, livePollers) === pollerId) owned.push(clusterId);
  }
  return owned;
}

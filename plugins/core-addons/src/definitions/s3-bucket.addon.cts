import type { AddonInput, AddonPlugin, AddonReleaseInput, PluginHost } from '@appmanager/plugin-sdk';

const bucketOf = (input: AddonInput) => input.instance.name.slice(0, 63);

/**
 * A bucket named from the instance on the add-on service's S3 server. The plug-in never sees the server's keys:
 * it asks the host to make the bucket. Per-bucket credentials need an S3 server with users and policies
 * (MinIO's admin API); the s3rver this platform runs here has neither, so the outputs are where the bucket is.
 */
const s3Bucket: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    if (!host.s3) throw new Error('the s3 capability is not granted');
    const bucket = bucketOf(input);
    await host.s3.ensureBucket({ bucket });
    const { endpoint, region } = await host.s3.server();
    return { outputs: { bucket, endpoint, region }, signature: `${bucket}@${endpoint}` };
  },
  async release(input: AddonReleaseInput, host: PluginHost) {
    if (!host.s3) throw new Error('the s3 capability is not granted');
    await host.s3.removeBucket({ bucket: bucketOf(input) });
    return { released: true };
  },
};

module.exports = s3Bucket;

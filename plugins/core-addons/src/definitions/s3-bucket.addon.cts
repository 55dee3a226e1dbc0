import type { AddonInput, AddonPlugin, AddonReleaseInput, PluginHost } from '@appmanager/plugin-sdk';

const bucketOf = (input: AddonInput) => input.instance.name.slice(0, 63);

const s3Bucket: AddonPlugin = {
  async apply(input: AddonInput, host: PluginHost) {
    if (!host.s3 || !host.config) throw new Error('the s3 and config capabilities are not granted');
    const bucket = bucketOf(input);
    await host.s3.ensureBucket({ bucket });
    const { endpoint } = await host.s3.server();
    const accessKey = (await host.config.get('ADDON_S3_ACCESS_KEY')) ?? '';
    const secretKey = (await host.config.get('ADDON_S3_SECRET_KEY')) ?? '';
    return { outputs: { bucket, endpoint, accessKey, secretKey }, signature: `${bucket}@${endpoint}` };
  },
  async release(input: AddonReleaseInput, host: PluginHost) {
    if (!host.s3) throw new Error('the s3 capability is not granted');
    await host.s3.removeBucket({ bucket: bucketOf(input) });
    return { released: true };
  },
};

module.exports = s3Bucket;

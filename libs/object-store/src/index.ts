export { S3ObjectStore, type ObjectStoreFailures, type S3Location } from './s3-object-store.js';

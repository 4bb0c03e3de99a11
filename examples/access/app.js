// The CDK app of the README's access analysis example: `cdk synth`'s output
// is AccessStack.template.json beside this file. To regenerate it (outside
// the module; the packages are not the module's):
//
//   mkdir /tmp/accessapp && cd /tmp/accessapp && npm init -y
//   npm install aws-cdk-lib@2.276.0 constructs@10
//   cp $REPO/examples/access/app.js . && node app.js $REPO/examples/access
//
// `node app.js` runs the same synthesis as `cdk synth` (App.synth), writing
// AccessStack.template.json into the folder given.
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const idp = require('aws-cdk-lib/aws-cognito-identitypool');
const iam = require('aws-cdk-lib/aws-iam');

const outdir = process.argv[2] || 'cdk.out';
const app = new cdk.App({ outdir });
const stack = new cdk.Stack(app, 'AccessStack', { env: { account: '111122223333', region: 'eu-west-1' } });

// Anyone can sign up; each user has a tier, a custom attribute that stays
// changeable after sign-up (mutable).
const users = new cognito.UserPool(stack, 'Users', {
  userPoolName: 'shop-users',
  selfSignUpEnabled: true,
  signInAliases: { email: true },
  customAttributes: { tier: new cognito.StringAttribute({ mutable: true }) },
});
// The web app's client. It sets no writeAttributes: the app client can
// write every attribute it is not denied, custom:tier included.
const web = users.addClient('WebClient');

// The identity pool of the shop: gold customers get the admin-ish role,
// everyone else the default authenticated role CDK makes.
let shopId; // the roles' trust policies name the pool, created after them
const trustShop = new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', {
  StringEquals: { 'cognito-identity.amazonaws.com:aud': cdk.Lazy.string({ produce: () => shopId }) },
  'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
});
const gold = new iam.Role(stack, 'GoldRole', {
  roleName: 'shop-gold',
  description: 'Manages the catalogue: granted to gold-tier customers',
  assumedBy: trustShop,
});
const shop = new idp.IdentityPool(stack, 'ShopIdentities', {
  identityPoolName: 'shop',
  authenticationProviders: {
    userPools: [new idp.UserPoolAuthenticationProvider({ userPool: users, userPoolClient: web })],
  },
  roleMappings: [{
    mappingKey: 'shop',
    providerUrl: idp.IdentityPoolProviderUrl.userPool(users, web),
    rules: [{ claim: 'custom:tier', claimValue: 'gold', mappedRole: gold }],
  }],
});
shopId = shop.identityPoolId;

// A second identity pool, for the reporting app, with the basic (classic)
// flow turned on and no role mapping: a user calls GetOpenIdToken and then
// sts:AssumeRoleWithWebIdentity for any role that trusts this pool — the
// exports role too, which the pool never chooses.
const reportsClient = users.addClient('ReportsClient');
let reportsId;
const trustReports = new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', {
  StringEquals: { 'cognito-identity.amazonaws.com:aud': cdk.Lazy.string({ produce: () => reportsId }) },
  'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
});
const reader = new iam.Role(stack, 'ReportsReaderRole', { roleName: 'reports-reader', assumedBy: trustReports });
new iam.Role(stack, 'ReportsExportRole', {
  roleName: 'reports-export',
  description: 'Exports every report: meant for the nightly job',
  assumedBy: trustReports,
});
const reports = new idp.IdentityPool(stack, 'ReportsIdentities', {
  identityPoolName: 'reports',
  allowClassicFlow: true,
  authenticatedRole: reader,
  authenticationProviders: {
    userPools: [new idp.UserPoolAuthenticationProvider({ userPool: users, userPoolClient: reportsClient })],
  },
});
reportsId = reports.identityPoolId;

app.synth();

// The CDK app whose `cdk synth` output is in this folder. To regenerate the
// templates (outside the module; the packages are not the module's):
//
//   mkdir /tmp/cdkapp && cd /tmp/cdkapp && npm init -y
//   npm install aws-cdk-lib@2.276.0 constructs@10
//   cp $REPO/rolemap/iac/testdata/cdk/app.js . && node app.js $REPO/rolemap/iac/testdata/cdk
//
// `node app.js` runs the same synthesis as `cdk synth` (App.synth), writing
// one NAME.template.json per stack into the folder given.
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const idp = require('aws-cdk-lib/aws-cognito-identitypool');
const iam = require('aws-cdk-lib/aws-iam');

const outdir = process.argv[2] || 'cdk.out';
const app = new cdk.App({ outdir });
const env = { account: '111122223333', region: 'eu-west-1' };

// The trust policy IAM requires of a role for an identity pool: the pool's
// ID in an aud condition (IAM refuses the principal without one), and amr
// authenticated. The pool is created after the roles it maps to, so its ID
// is given lazily.
function poolTrust(pool) {
  return new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
    StringEquals: { 'cognito-identity.amazonaws.com:aud': cdk.Lazy.string({ produce: () => pool.id }) },
    'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
  }, 'sts:AssumeRoleWithWebIdentity');
}

// A user pool whose groups choose the role: a Token mapping.
{
  const stack = new cdk.Stack(app, 'UserPoolTokenStack', { env });
  const pool = new cognito.UserPool(stack, 'Users', { userPoolName: 'field-app-users' });
  const client = pool.addClient('WebClient');
  new idp.IdentityPool(stack, 'FieldAppIdentities', {
    identityPoolName: 'field_app',
    allowUnauthenticatedIdentities: true,
    authenticationProviders: {
      userPools: [new idp.UserPoolAuthenticationProvider({ userPool: pool, userPoolClient: client })],
    },
    roleMappings: [{
      mappingKey: 'users',
      providerUrl: idp.IdentityPoolProviderUrl.userPool(pool, client),
      useToken: true,
    }],
  });
}

// Google sign-in with Rules mappings onto roles defined in the stack.
{
  const stack = new cdk.Stack(app, 'GoogleRulesStack', { env });
  const workspace = {};
  const staff = new iam.Role(stack, 'StaffRole', {
    assumedBy: poolTrust(workspace),
  });
  const admin = new iam.Role(stack, 'AdminRole', {
    roleName: 'workspace-admin',
    path: '/tools/',
    assumedBy: poolTrust(workspace),
  });
  workspace.id = new idp.IdentityPool(stack, 'WorkspaceIdentities', {
    authenticationProviders: { google: { clientId: '123456789012-abc.apps.googleusercontent.com' } },
    roleMappings: [{
      providerUrl: idp.IdentityPoolProviderUrl.GOOGLE,
      rules: [
        { claim: 'email', claimValue: 'admin@example.com', mappedRole: admin },
        { claim: 'hd', claimValue: 'example.com', mappedRole: staff },
      ],
    }],
  }).identityPoolId;
}

// An OIDC provider with Rules on its groups claim, and a SAML provider
// whose assertion names the role (a Token mapping).
{
  const stack = new cdk.Stack(app, 'FederationStack', { env });
  const corp = {};
  const oidc = new iam.OpenIdConnectProvider(stack, 'CorpSSO', {
    url: 'https://sso.example.com',
    clientIds: ['field-app'],
  });
  const saml = new iam.SamlProvider(stack, 'CorpSAML', {
    name: 'corp-adfs',
    metadataDocument: iam.SamlMetadataDocument.fromXml(
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://adfs.example.com/adfs/services/trust">' +
      '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>'),
  });
  const ops = new iam.Role(stack, 'OpsRole', {
    assumedBy: poolTrust(corp),
  });
  corp.id = new idp.IdentityPool(stack, 'CorpIdentities', {
    authenticationProviders: { openIdConnectProviders: [oidc], samlProviders: [saml] },
    roleMappings: [
      {
        mappingKey: 'sso',
        providerUrl: idp.IdentityPoolProviderUrl.openId(oidc.openIdConnectProviderIssuer),
        rules: [{ claim: 'groups', claimValue: 'ops', mappedRole: ops, matchType: idp.RoleMappingMatchType.EQUALS }],
        resolveAmbiguousRoles: true,
      },
      {
        mappingKey: 'adfs',
        providerUrl: idp.IdentityPoolProviderUrl.saml(saml.samlProviderArn),
        useToken: true,
      },
    ],
  }).identityPoolId;
}

// Credentials: user pool groups choose the role through a Token mapping,
// Google sign-in a Rules mapping; the roles' trust policies decide whether
// STS hands out credentials, and the user pool's principal tags need
// sts:TagSession.
{
  const stack = new cdk.Stack(app, 'CredentialsStack', { env });
  const users = new cognito.UserPool(stack, 'Staff', { userPoolName: 'staff' });
  const client = users.addClient('App');
  let identityPoolId; // set below: the roles' trust policies name the pool
  const aud = cdk.Lazy.string({ produce: () => identityPoolId });
  const trusted = (amr) => new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', Object.assign(
    { StringEquals: { 'cognito-identity.amazonaws.com:aud': aud } },
    amr ? { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } } : {}));
  const admin = new iam.Role(stack, 'AdminRole', { roleName: 'admin', assumedBy: trusted(true).withSessionTags() });
  const staff = new iam.Role(stack, 'StaffRole', { roleName: 'staff', assumedBy: trusted(true) });
  const dev = new iam.Role(stack, 'DevRole', { roleName: 'dev', assumedBy: trusted(false).withSessionTags() });
  const contractor = new iam.Role(stack, 'ContractorRole', {
    roleName: 'contractor',
    assumedBy: new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': 'eu-west-1:00000000-0000-0000-0000-000000000000' },
    }),
  });
  const group = (id, name, precedence, role) => new cognito.CfnUserPoolGroup(stack, id, {
    userPoolId: users.userPoolId, groupName: name, precedence, roleArn: role && role.roleArn,
  });
  const groups = {
    admin: group('AdminGroup', 'admin', 0, admin),
    staff: group('StaffGroup', 'staff', 5, staff),
    dev: group('DevGroup', 'dev', 5, dev),
    readers: group('ReadersGroup', 'readers', 1, undefined),
  };
  const member = (user, g) => new cognito.CfnUserPoolUserToGroupAttachment(stack, user + '-' + g, {
    userPoolId: users.userPoolId, username: user, groupName: groups[g].ref,
  });
  member('alice', 'admin'); member('alice', 'dev');
  member('bob', 'staff'); member('bob', 'dev');
  member('carol', 'readers');
  const pool = new idp.IdentityPool(stack, 'StaffIdentities', {
    identityPoolName: 'staff',
    authenticationProviders: {
      userPools: [new idp.UserPoolAuthenticationProvider({ userPool: users, userPoolClient: client })],
      google: { clientId: '123456789012-abc.apps.googleusercontent.com' },
    },
    roleMappings: [
      { mappingKey: 'staff', providerUrl: idp.IdentityPoolProviderUrl.userPool(users, client), useToken: true, resolveAmbiguousRoles: true },
      { providerUrl: idp.IdentityPoolProviderUrl.GOOGLE, rules: [{ claim: 'hd', claimValue: 'contractor.example', mappedRole: contractor }] },
    ],
  });
  identityPoolId = pool.identityPoolId;
  new cognito.CfnIdentityPoolPrincipalTag(stack, 'StaffTags', {
    identityPoolId: pool.identityPoolId,
    identityProviderName: users.userPoolProviderName,
    principalTags: { dept: 'custom:dept' },
    useDefaults: false,
  });
}

// Access: who can set and read which attribute. A user pool with custom
// attributes (tier, mutable; dept, immutable), self sign-up, a Google
// identity provider whose email lands in the pool, a pre token generation
// trigger; a web client that reads and writes only what it lists, and a
// mobile client that lists nothing (AWS's defaults). One identity pool maps
// custom:tier to a role by Rules; a second has the classic flow on and no
// role mappings.
{
  const stack = new cdk.Stack(app, 'AccessStack', { env });
  const lambda = require('aws-cdk-lib/aws-lambda');
  const members = new cognito.UserPool(stack, 'Members', {
    userPoolName: 'members',
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    customAttributes: {
      tier: new cognito.StringAttribute({ mutable: true }),
      dept: new cognito.StringAttribute({ mutable: false }),
    },
    keepOriginal: { email: true },
  });
  const trigger = new lambda.Function(stack, 'PreToken', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (event) => event;'),
  });
  members.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, trigger);
  const google = new cognito.UserPoolIdentityProviderGoogle(stack, 'Google', {
    userPool: members,
    clientId: '123456789012-abc.apps.googleusercontent.com',
    clientSecretValue: cdk.SecretValue.unsafePlainText('not-a-secret'),
    attributeMapping: {
      email: cognito.ProviderAttribute.GOOGLE_EMAIL,
      custom: { tier: cognito.ProviderAttribute.other('hd') },
    },
  });
  const web = members.addClient('Web', {
    readAttributes: new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true })
      .withCustomAttributes('tier', 'dept'),
    writeAttributes: new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, givenName: true }),
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO, cognito.UserPoolClientIdentityProvider.GOOGLE],
  });
  web.node.addDependency(google);
  const mobile = members.addClient('Mobile');
  let tiersId;
  const tiersAud = cdk.Lazy.string({ produce: () => tiersId });
  const gold = new iam.Role(stack, 'GoldRole', {
    roleName: 'gold',
    assumedBy: new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': tiersAud },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
    }),
  });
  const tiers = new idp.IdentityPool(stack, 'TierIdentities', {
    identityPoolName: 'tiers',
    authenticationProviders: {
      userPools: [
        new idp.UserPoolAuthenticationProvider({ userPool: members, userPoolClient: web }),
        new idp.UserPoolAuthenticationProvider({ userPool: members, userPoolClient: mobile }),
      ],
    },
    roleMappings: [
      { mappingKey: 'web', providerUrl: idp.IdentityPoolProviderUrl.userPool(members, web),
        rules: [{ claim: 'custom:tier', claimValue: 'gold', mappedRole: gold }] },
      { mappingKey: 'mobile', providerUrl: idp.IdentityPoolProviderUrl.userPool(members, mobile),
        rules: [{ claim: 'custom:tier', claimValue: 'gold', mappedRole: gold }] },
    ],
  });
  tiersId = tiers.identityPoolId;
  // Not chosen by any pool: reached only by the classic flow.
  let classicId;
  new iam.Role(stack, 'ReportsRole', {
    roleName: 'reports',
    assumedBy: new iam.WebIdentityPrincipal('cognito-identity.amazonaws.com', {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': cdk.Lazy.string({ produce: () => classicId }) },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
    }),
  });
  classicId = new idp.IdentityPool(stack, 'ClassicIdentities', {
    identityPoolName: 'classic',
    allowClassicFlow: true,
    authenticationProviders: {
      userPools: [new idp.UserPoolAuthenticationProvider({ userPool: members, userPoolClient: mobile })],
    },
  }).identityPoolId;
}

app.synth();

handbookSearchLoaded("terms/ju",{"junior":[8,3,19,1,20,1,21,1]});

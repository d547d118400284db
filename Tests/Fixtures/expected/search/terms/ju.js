handbookSearchLoaded("terms/ju",{"junior":[8,3]});

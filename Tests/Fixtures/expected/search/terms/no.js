handbookSearchLoaded("terms/no",{"not":[14,1]});
